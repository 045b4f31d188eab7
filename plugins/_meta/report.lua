---@meta report
-- Reports written for the operator under `.stepwise/reports/<runbook>/<customer>/<env>/`.

report = {}

--- Writes `content` to `name` (a plain file name such as `handoff.md`) atomically; returns the full path.
--- Refuses content that contains a registered secret (`report.secret`). A write: in plan mode, and in an apply
--- whose plan is empty, it raises `plan.write_refused`, so a plugin plans a change when the report is missing or
--- differs (compare with `report.read`).
---@param name string
---@param content string
---@return string path
function report.write(name, content) end

--- The current content of report `name` (nil when it has not been written) and its full path.
---@param name string
---@return string|nil content
---@return string path
function report.read(name) end
