---@meta powerplatform
-- The Power Platform API (`api.powerplatform.com`): application packages of an environment.

powerplatform = {}

--- The Power Platform environment id of the current org (from Dataverse `RetrieveCurrentOrganization`,
--- or `ctx.env.environment_id` when the runbook sets it).
---@return string
function powerplatform.environment_id() end

--- Application packages of an environment: `{ {uniqueName=, localizedName=, state=, version=, ...}, ... }`.
---@param environment_id string
---@return table[]
function powerplatform.packages(environment_id) end

--- Starts installing a package and polls the operation every `every` seconds (default 2, with a progress line)
--- until it ends or `timeout` seconds (default 1800) pass. Raises `powerplatform.forbidden` when the caller may
--- not use the API (the plugin then opens a manual gate), `powerplatform.not_found` for a package the environment
--- does not offer, `powerplatform.operation_failed` or `powerplatform.operation_timeout`. A write.
---@param environment_id string
---@param unique_name string
---@param opts? {timeout?: number, every?: number}
---@return table operation the final operation `{id=, status="Succeeded", ...}`
function powerplatform.install(environment_id, unique_name, opts) end
