-- Step 1 of the Adobe guide: register the application `adobe campaign <env>` (single tenant), and its
-- service principal. Created through Graph's upsert by a unique name derived from the ownership marker, so a
-- run that dies mid-way and is run again updates instead of creating a twin of the app.
local ownership = require "lib.ownership"
local odata = require "lib.odata"
local plan = require "lib.plan"

local SELECT = "id,appId,displayName,uniqueName,signInAudience,tags,notes"

local function find_by_unique_name(unique_name, expect)
  local ok, app = pcall(graph.get,
    "/applications(uniqueName=" .. odata.string(unique_name) .. ")?$select=" .. SELECT, { expect = expect })
  if ok then return app end
  if type(app) == "table" and app.code == "graph.not_found" then return nil end
  error(app, 0)
end

-- Applications with this display name: the one carrying our marker (an app adopted earlier has the marker but
-- not our unique name), and the others (look-alikes).
local function by_display_name(ctx, name)
  local found = graph.list("/applications?$filter=displayName eq " .. odata.encode(odata.string(name))
    .. "&$select=" .. SELECT)
  local ours, others = nil, {}
  for _, app in ipairs(found) do
    if ownership.owned(ctx, app) then ours = ours or app else others[#others + 1] = app end
  end
  return ours, others
end

local function service_principal(app_id, expect)
  local ok, sp = pcall(graph.get, "/servicePrincipals(appId=" .. odata.string(app_id) .. ")?$select=id,appId,tags",
    { expect = expect })
  if ok then return sp end
  if type(sp) == "table" and sp.code == "graph.not_found" then return nil end
  error(sp, 0)
end

return {
  summary = "Register the Entra application (single tenant) and its service principal",
  params = {
    display_name = { type = "string", required = true, doc = "the application's display name" },
    sign_in_audience = { type = "string", default = "AzureADMyOrg", doc = "who may sign in (AzureADMyOrg: this tenant only)" },
    adopt_app_id = { type = "string", doc = "adopt this existing application (client ID) that Stepwise did not create" },
  },
  outputs = {
    client_id = "Application (client) ID",
    object_id = "Object ID of the application",
    sp_id = "Object ID of the service principal",
    display_name = "Display name",
  },

  read = function(ctx)
    local p = ctx.params
    local app = find_by_unique_name(ownership.unique_name(ctx))
    if not app and p.adopt_app_id then
      local ok, adopted = pcall(graph.get, "/applications(appId=" .. odata.string(p.adopt_app_id) .. ")?$select=" .. SELECT)
      if not ok then
        error({ code = "app.adopt_missing", message = "adopt_app_id " .. p.adopt_app_id .. " names no application in this tenant" })
      end
      app = adopted
    end
    if not app then
      local ours, others = by_display_name(ctx, p.display_name)
      if ours then return { app = ours, sp = service_principal(ours.appId) } end
      if #others > 0 then
        error({ code = "app.lookalike", message = string.format(
          "an application named '%s' already exists (client ID %s) but Stepwise did not create it for %s/%s; "
          .. "rename or delete it, or adopt it on purpose with the step parameter adopt_app_id = \"%s\"",
          p.display_name, others[1].appId, ctx.customer, ctx.env.name, others[1].appId) })
      end
      return nil
    end
    return { app = app, sp = service_principal(app.appId) }
  end,

  plan = function(ctx, current)
    local p = ctx.params
    if not current then
      return {
        plan.change("create", "application '" .. p.display_name .. "'", "single tenant (" .. p.sign_in_audience .. ")"),
        plan.change("create", "service principal for '" .. p.display_name .. "'"),
      }
    end
    local changes = {}
    local app = current.app
    local drift = {}
    if app.displayName ~= p.display_name then drift[#drift + 1] = "displayName " .. p.display_name end
    if app.signInAudience ~= p.sign_in_audience then drift[#drift + 1] = "signInAudience " .. p.sign_in_audience end
    if not ownership.owned(ctx, app) then drift[#drift + 1] = "ownership marker (adopted)" end
    if #drift > 0 then
      changes[#changes + 1] = plan.change("update", "application '" .. app.displayName .. "'", table.concat(drift, ", "))
    end
    if not current.sp then
      changes[#changes + 1] = plan.change("create", "service principal for '" .. p.display_name .. "'")
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local app = current and current.app
    local body = {
      displayName = p.display_name,
      signInAudience = p.sign_in_audience,
      tags = ownership.tags(ctx),
      notes = ownership.notes(ctx),
    }
    if not app then
      local unique_name = ownership.unique_name(ctx)
      local created = graph.patch("/applications(uniqueName=" .. odata.string(unique_name) .. ")", body,
        { headers = { Prefer = "create-if-missing" } })
      app = created or find_by_unique_name(unique_name, "replication")
    elseif #changes > 0 then
      graph.patch("/applications/" .. app.id, body, { expect = "replication" })
    end
    local sp = current and current.sp
    if not sp then
      local ok, created = pcall(graph.post, "/servicePrincipals",
        { appId = app.appId, tags = json.array({ "WindowsAzureActiveDirectoryIntegratedApp", ctx.marker }) },
        { expect = "replication" })
      if ok then
        sp = created
      elseif type(created) == "table" and created.code == "graph.conflict" then
        sp = service_principal(app.appId, "replication")
      else
        error(created, 0)
      end
    end
    return { client_id = app.appId, object_id = app.id, sp_id = sp.id, display_name = p.display_name }
  end,

  verify = function(ctx, outputs)
    local app = graph.get("/applications/" .. outputs.object_id .. "?$select=" .. SELECT, { expect = "replication" })
    if app.signInAudience ~= ctx.params.sign_in_audience then
      error({ code = "app.verify", message = "application signInAudience is " .. tostring(app.signInAudience) })
    end
  end,
}
