---@meta report
-- Reports written for the operator under `.stepwise/reports/<runbook>/<customer>/<env>/`.

report = {}

--- Writes `content` to `name` (a plain file name such as `handoff.md`) atomically; returns the full path.
--- Refuses content that contains a registered secret.
---@param name string
---@param content string
---@return string path
function report.write(name, content) end
