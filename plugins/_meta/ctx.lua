---@meta ctx
-- What a step sees of its run. `ctx` is passed to every plugin function; it is read-only.

---@class HostError raised by host functions (catch with pcall and branch on `code`)
---@field code string e.g. "graph.not_found", "graph.forbidden", "dataverse.user_not_member", "plan.write_refused"
---@field status integer|nil HTTP status
---@field message string
---@field request_id string|nil
---@field service_code string|nil the service's own code: `Request_ResourceNotFound`, `0x80072560`, `AADSTS7000215`

---@class EnvSettings
---@field name string "stage" or "prod"
---@field tenant string tenant domain or GUID
---@field org string Dataverse org URL
---@field environment_id? string Power Platform environment id, when known

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
---@param v any
---@return boolean
function ctx.unknown(v) end
