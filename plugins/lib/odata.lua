-- Small helpers for OData query strings.
local M = {}

--- A single-quoted OData string literal: `'` is doubled.
function M.string(s)
  return "'" .. tostring(s):gsub("'", "''") .. "'"
end

--- Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
function M.encode(s)
  return (tostring(s):gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

--- Whether a string looks like a GUID.
function M.is_guid(s)
  return type(s) == "string"
    and s:match("^%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$") ~= nil
end

return M
