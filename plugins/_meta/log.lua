---@meta log
-- Log lines of the current step. Every line passes through the redactor; a secret handle formats as `<secret>`.
-- `print(...)` in a plugin writes an info line.

log = {}

---@param fmt string `string.format` pattern
---@param ... any
function log.info(fmt, ...) end

---@param fmt string
---@param ... any
function log.warn(fmt, ...) end

---@param fmt string
---@param ... any
function log.debug(fmt, ...) end
