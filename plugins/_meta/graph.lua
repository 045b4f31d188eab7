---@meta graph
-- Microsoft Graph v1.0 for plugins. Paths are relative to the Graph base (`/applications`, not a full URL).
-- Every call carries a token for Graph only, a `client-request-id`, retries 429/503/504 honouring
-- `Retry-After`, and raises a host error table on failure (see `HostError` in ctx.lua).
-- In plan mode, writes (post/patch/delete, batch with a write) raise `plan.write_refused`.

---@class GraphOptions
---@field headers? table<string,string> extra request headers (e.g. `Prefer`)
---@field consistency? "eventual" sends `ConsistencyLevel: eventual` (on every page for `list`)
---@field expect? "replication" the object was just created: retry Graph's documented replication errors
---@field top? integer page size for `list` (`$top`)
-- Unknown option fields are refused (with a suggestion). Response headers have credentials masked. String values
-- of secret fields in answers (`secretText`, ...) reach Lua as secret handles.

---@class GraphResponse
---@field status integer
---@field request_id string|nil
---@field headers table<string,string>

graph = {}

--- GET a Graph resource. Returns the decoded JSON body and the response.
---@param path string
---@param opts? GraphOptions
---@return table body
---@return GraphResponse response
function graph.get(path, opts) end

--- GET every page of a collection, following `@odata.nextLink` on the Graph host only.
---@param path string
---@param opts? GraphOptions
---@return table[] items
function graph.list(path, opts) end

--- POST a JSON body. Returns the decoded body (nil on 204) and the response.
---@param path string
---@param body table|nil
---@param opts? GraphOptions
---@return table|nil body
---@return GraphResponse response
function graph.post(path, body, opts) end

--- PATCH a JSON body. Returns the decoded body (nil on 204) and the response.
---@param path string
---@param body table
---@param opts? GraphOptions
---@return table|nil body
---@return GraphResponse response
function graph.patch(path, body, opts) end

--- DELETE a resource.
---@param path string
---@param opts? GraphOptions
---@return GraphResponse response
function graph.delete(path, opts) end

---@class GraphBatchRequest
---@field id string
---@field method string
---@field url string relative to the Graph base
---@field body? table
---@field headers? table<string,string>
---@field depends_on? string[]

--- JSON `$batch` of up to 20 requests. Returns the responses keyed by request id:
--- `{ [id] = { status = 200, body = {...}, headers = {...} } }`.
---@param requests GraphBatchRequest[]
---@return table<string,{status:integer, body:table|nil, headers:table<string,string>}>
function graph.batch(requests) end

--- Escapes a string for use inside a single-quoted OData literal (`'` becomes `''`).
---@param s string
---@return string
function graph.quote(s) end
