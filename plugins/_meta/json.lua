---@meta json
-- JSON helpers. Tables with keys 1..n are arrays; others are objects.

json = {}

--- The JSON `null` value (distinct from Lua `nil`, which removes a key).
json.null = nil ---@type lightuserdata

--- Marks `t` (default `{}`) as a JSON array, so an empty table encodes as `[]`, not `{}`. Returns `t`.
--- A table without a metatable gets the protected array metatable (`getmetatable(t)` is `"json.array"`, and
--- `setmetatable(t, ...)` raises); arrays read by `json.decode` and from service answers carry it too.
---@param t? table
---@return table
function json.array(t) end

--- Compact JSON with object keys sorted. Refuses secret handles and values only known after apply (with the
--- path of the value); read-only views (`ctx` tables) encode as their data.
---@param v any
---@return string
function json.encode(v) end

---@param s string
---@return any
function json.decode(s) end
