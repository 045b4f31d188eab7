-- Ownership markers: every object Stepwise creates carries `ctx.marker`
-- (`stepwise:<runbook>:<customer>:<env>`), so a rerun adopts its own objects and refuses look-alikes.
local M = {}

--- The Graph `tags` Stepwise puts on what it creates.
function M.tags(ctx)
  return json.array({ "stepwise", ctx.marker })
end

--- The Graph `notes` text Stepwise puts on an application it creates.
function M.notes(ctx)
  return string.format(
    "Managed by Stepwise: runbook %s, customer %s, environment %s. Changes made here are reconciled by the next run.",
    ctx.runbook, ctx.customer, ctx.env.name)
end

--- Whether a Graph object (with `tags`) carries this run's marker.
function M.owned(ctx, object)
  for _, tag in ipairs(object.tags or {}) do
    if tag == ctx.marker then return true end
  end
  return false
end

--- An alternate key for Graph upserts derived from the marker: `stepwise-<runbook>-<customer>-<env>`.
function M.unique_name(ctx)
  return (ctx.marker:gsub("[^%w%-]", "-"))
end

return M
