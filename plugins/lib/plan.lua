-- Builders for plan entries (see `Change` in _meta/plugin.lua).
local M = {}

function M.change(action, target, detail, data)
  return { action = action, target = target, detail = detail, data = data }
end

--- The value of `v`, or `placeholder` when it is only known after apply.
function M.known(ctx, v, placeholder)
  if ctx.unknown(v) then return placeholder end
  return v
end

return M
