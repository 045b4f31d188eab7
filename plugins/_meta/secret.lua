---@meta secret
-- The secret store (a 0600 file under `.stepwise/secrets/` or an external command). Values never reach logs,
-- journals, events, reports or the debugger: Graph's `secretText` reaches Lua as a `SecretHandle`, an opaque
-- value whose `tostring` is `<secret>`; only `secret.store` and host calls that take a secret can read it.

---@class SecretHandle

---@class SecretRef
---@field name string
---@field key_id string|nil
---@field hint string|nil
---@field expires string|nil ISO-8601
---@field created string|nil ISO-8601
---@field store string "file", "command", or "memory" (tests and `stepwise lua`)
---@field description string|nil

secret = {}

--- Stores a value under `name` the moment it arrives (fsynced before returning) and returns its reference.
--- `value` must be a secret handle (a plain string is refused: a value Lua can read is not a secret any more).
--- A write: refused (`plan.write_refused`) in plan mode and outside apply. Store failures raise
--- `secret.store_failed`.
---@param name string
---@param value SecretHandle
---@param meta? {key_id?: string, hint?: string, expires?: string, description?: string}
---@return SecretRef
function secret.store(name, value, meta) end

--- The reference of a stored secret, or nil when the store has no value under `name`.
---@param name string
---@return SecretRef|nil
function secret.ref(name) end

--- Forgets a stored secret (its value is removed from the store). A write, like `secret.store`.
---@param name string
function secret.forget(name) end

--- Whether `v` is a secret handle.
---@param v any
---@return boolean
function secret.is_handle(v) end
