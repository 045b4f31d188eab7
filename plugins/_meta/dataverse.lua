---@meta dataverse
-- The Dataverse Web API of the current environment's org (`ctx.env.org`), API v9.2 unless `opts.version`.
-- Paths are relative to `/api/data/v9.2/` (`systemusers?$filter=...`). Tokens are issued for that org only.
-- Retries 429/503/504 honouring `Retry-After`. Writes (post, create, patch, delete, associate, disassociate) raise
-- `plan.write_refused` in plan mode and outside apply. `as.secret` is read inside the host; no token reaches Lua.

---@class DataverseCredential
---@field client_id string
---@field secret SecretRef|SecretHandle

---@class DataverseOptions
---@field headers? table<string,string>
---@field prefer? string[] `Prefer` values, e.g. `{"return=representation"}`
---@field if_match? string `*` or an ETag
---@field if_none_match? string
---@field page_size? integer `Prefer: odata.maxpagesize` for `list`
---@field expect? "replication" a just-created application user: retry 0x80072560
---@field as? DataverseCredential call as another application (client credentials) instead of the runner
---@field org? string another org URL of the same cloud
---@field version? string API version, e.g. "v9.1" (default "v9.2")

dataverse = {}

--- The org URL calls go to, e.g. `https://contoso-stage.crm4.dynamics.com`.
---@return string
function dataverse.org_url() end

---@param path string
---@param opts? DataverseOptions
---@return table body
---@return table response `{status=, headers=, request_id=}`
function dataverse.get(path, opts) end

--- Every page of a collection (`Prefer: odata.maxpagesize`, following `@odata.nextLink` on the org host only).
---@param path string
---@param opts? DataverseOptions
---@return table[] rows
function dataverse.list(path, opts) end

--- POST; returns the body (with `Prefer: return=representation`) or nil, and the response
--- (whose `entity_id` is parsed from `OData-EntityId`).
---@param path string
---@param body table|nil
---@param opts? DataverseOptions
---@return table|nil body
---@return table response
function dataverse.post(path, body, opts) end

--- Creates a row and returns its id (from `OData-EntityId`).
---@param entity_set string
---@param body table
---@param opts? DataverseOptions
---@return string id
function dataverse.create(entity_set, body, opts) end

---@param path string
---@param body table
---@param opts? DataverseOptions
---@return table|nil body
---@return table response
function dataverse.patch(path, body, opts) end

---@param path string
---@param opts? DataverseOptions
---@return table response `{status=, headers=, request_id=}`
function dataverse.delete(path, opts) end

--- Associates two rows: `POST {entity_set}({id})/{relationship}/$ref`. An existing pair raises
--- `dataverse.duplicate`.
---@param entity_set string
---@param id string
---@param relationship string
---@param target_set string
---@param target_id string
function dataverse.associate(entity_set, id, relationship, target_set, target_id) end

--- Removes an association: `DELETE {entity_set}({id})/{relationship}({target_id})/$ref`.
---@param entity_set string
---@param id string
---@param relationship string
---@param target_id string
function dataverse.disassociate(entity_set, id, relationship, target_id) end

--- Calls a function such as `WhoAmI` or `RetrieveCurrentOrganization`.
---@param name string
---@param params? table<string,string> function parameters, already in OData literal form
---@param opts? DataverseOptions
---@return table body
function dataverse.call(name, params, opts) end

--- Reads a file under the runbook's folder and returns its bytes base64-encoded (for image columns).
---@param path string relative to the runbook file; must stay inside the runbook's folder
---@return string base64
function dataverse.file_base64(path) end
