---@meta gate
-- Manual steps.

--- Stops for the operator: on a TTY shows `message` and waits for confirmation; otherwise (or when declined)
--- raises `gate.pending` with the message, and the run ends with the step marked "waiting for operator".
--- A later run re-reads the state, so a gate passes by itself once the operator has done the work.
--- Opening a gate is a change: in plan mode (and outside apply) it raises `plan.write_refused`.
---@param message string
function gate(message) end
