---@meta ctx
-- What a step sees of its run. `ctx` is passed to every plugin function; it is read-only.

---@class HostError raised by host functions (catch with pcall and branch on `code`)
---@field code string e.g. "graph.not_found", "graph.forbidden", "dataverse.user_not_member", "plan.write_refused"
---@field status integer|nil HTTP status
---@field message string
---@field request_id string|nil
---@field service_code string|nil the service's own code: `Request_ResourceNotFound`, `0x80072560`, `AADSTS7000215`
---@field service string|nil the service of a cloud error: "graph", "dataverse", "powerplatform", "identity", ...
---@field client_request_id string|nil the `client-request-id` sent (Graph) or the identity correlation id
-- Host codes besides the services' (`graph.*`, `dataverse.*`, `powerplatform.*`, `oauth.*`, `http.*`,
-- `safety.foreign_host`): `plan.write_refused` (fields `function`, `target`: a write in plan mode, in read, plan or
-- verify, or in an apply whose plan is empty), `host.not_in_step` (a cloud call while a plugin file loads),
-- `wait.timeout` (fields `what`, `elapsed`, `last`), `gate.pending`, `secret.store_failed`, `report.secret`,
-- `dataverse.no_org`, `powerplatform.operation_failed`, `powerplatform.operation_timeout`.

---@class EnvSettings
---@field name string "stage" or "prod"
---@field tenant string tenant domain or GUID
---@field org string Dataverse org URL
---@field environment_id? string Power Platform environment id, when known

-- `ctx` and every table in it are read-only views: assigning raises an error, `#`, `ipairs` and `pairs` work, and
-- `type()` of a nested table is "userdata". Passed back to the host (request bodies, `json.encode`, outputs) a view
-- is its data. During a step `ctx` is also a global of the plugin's sandbox (the step debugger evaluates there).
---@class Ctx
---@field env EnvSettings the environment's settings (runbook, overlay, or the twin)
---@field params table<string,any> this step's resolved parameters
---@field outputs table<string,table<string,any>> outputs of earlier steps, by step id
---@field mode "plan"|"apply"
---@field run_id string
---@field runbook string runbook name
---@field customer string customer name ("default" without an overlay)
---@field step string this step's id
---@field marker string the ownership marker of this runbook, customer and environment, e.g.
---  `stepwise:adobe-campaign-d365:contoso:stage`; every object Stepwise creates carries it
---@field rotate_secret boolean `--rotate-secret` was given
ctx = {}

--- Whether `v` is a value only known after apply (an output of an earlier step that plan could not know).
--- Such a placeholder prints as `(known after apply: outputs.app.client_id)`; indexing or concatenating it raises an
--- error, and the host refuses it in request bodies and `json.encode`.
---@param v any
---@return boolean
function ctx.unknown(v) end
