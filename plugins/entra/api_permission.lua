-- Step 3 of the Adobe guide: API permissions > Dynamics CRM > user_impersonation (delegated). The permission
-- is merged into the application's existing `requiredResourceAccess`; nothing else is touched. Admin consent
-- (an oauth2PermissionGrant for all principals) is granted only when asked: the integration signs in with
-- client credentials as a Dataverse application user, which does not need it.
local odata = require "lib.odata"
local plan = require "lib.plan"

local function scope_id(resource_app_id, scope)
  local sp = graph.get("/servicePrincipals(appId=" .. odata.string(resource_app_id)
    .. ")?$select=id,appId,displayName,oauth2PermissionScopes")
  for _, s in ipairs(sp.oauth2PermissionScopes or {}) do
    if s.value == scope then return s.id, sp end
  end
  error({ code = "permission.unknown_scope",
          message = string.format("%s (%s) has no delegated permission '%s'", sp.displayName or "resource", resource_app_id, scope) })
end

local function has_access(required, resource_app_id, id)
  for _, r in ipairs(required or {}) do
    if r.resourceAppId == resource_app_id then
      for _, a in ipairs(r.resourceAccess or {}) do
        if a.id == id and a.type == "Scope" then return true end
      end
    end
  end
  return false
end

local function find_grant(client_sp_id, resource_sp_id)
  local grants = graph.list("/oauth2PermissionGrants?$filter=clientId eq " .. odata.encode(odata.string(client_sp_id)))
  for _, g in ipairs(grants) do
    if g.resourceId == resource_sp_id and g.consentType == "AllPrincipals" then return g end
  end
  return nil
end

local function has_scope(grant, scope)
  for word in (grant.scope or ""):gmatch("%S+") do
    if word == scope then return true end
  end
  return false
end

return {
  summary = "Add the Dynamics CRM user_impersonation delegated permission to the application",
  params = {
    application_object_id = { type = "string", required = true, doc = "object ID of the application" },
    client_sp_id = { type = "string", doc = "service principal of the application (needed for admin consent)" },
    resource_app_id = { type = "string", default = "00000007-0000-0000-c000-000000000000", doc = "Dynamics CRM" },
    scope = { type = "string", default = "user_impersonation", doc = "delegated permission (scope) value" },
    admin_consent = { type = "boolean", default = false, doc = "also grant admin consent for all users" },
  },
  outputs = {
    resource_app_id = "the API's application ID",
    scope = "the delegated permission",
    scope_id = "the permission's ID",
    consented = "whether admin consent was granted",
  },

  read = function(ctx)
    local p = ctx.params
    local id, resource_sp = scope_id(p.resource_app_id, p.scope)
    if ctx.unknown(p.application_object_id) then
      return { scope_id = id, resource_sp = resource_sp }
    end
    local app = graph.get("/applications/" .. p.application_object_id .. "?$select=id,displayName,requiredResourceAccess",
      { expect = "replication" })
    local current = { scope_id = id, resource_sp = resource_sp, app = app }
    if p.admin_consent and p.client_sp_id and not ctx.unknown(p.client_sp_id) then
      current.grant = find_grant(p.client_sp_id, resource_sp.id)
    end
    return current
  end,

  plan = function(ctx, current)
    local p = ctx.params
    local changes = {}
    local target = "application " .. ((current.app and current.app.displayName) or "(created by an earlier step)")
    if not current.app or not has_access(current.app.requiredResourceAccess, p.resource_app_id, current.scope_id) then
      changes[#changes + 1] = plan.change("update", target,
        "add " .. (current.resource_sp.displayName or "Dynamics CRM") .. " " .. p.scope .. " (delegated)")
    end
    if p.admin_consent and (not current.grant or not has_scope(current.grant, p.scope)) then
      changes[#changes + 1] = plan.change(current.grant and "update" or "create",
        "admin consent for " .. p.scope, "all principals")
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local app = current.app
    if not has_access(app.requiredResourceAccess, p.resource_app_id, current.scope_id) then
      local merged, found = {}, false
      for _, r in ipairs(app.requiredResourceAccess or {}) do
        local entry = r
        if r.resourceAppId == p.resource_app_id then
          found = true
          local access = json.array({})
          for _, a in ipairs(r.resourceAccess or {}) do access[#access + 1] = a end
          access[#access + 1] = { id = current.scope_id, type = "Scope" }
          entry = { resourceAppId = r.resourceAppId, resourceAccess = access }
        end
        merged[#merged + 1] = entry
      end
      if not found then
        merged[#merged + 1] = { resourceAppId = p.resource_app_id,
                                resourceAccess = json.array({ { id = current.scope_id, type = "Scope" } }) }
      end
      graph.patch("/applications/" .. app.id, { requiredResourceAccess = json.array(merged) }, { expect = "replication" })
    end
    local consented = false
    if p.admin_consent then
      if not p.client_sp_id then
        error({ code = "permission.no_client_sp", message = "admin_consent needs client_sp_id (the application's service principal)" })
      end
      local grant = current.grant
      if not grant then
        graph.post("/oauth2PermissionGrants", { clientId = p.client_sp_id, consentType = "AllPrincipals",
          resourceId = current.resource_sp.id, scope = p.scope }, { expect = "replication" })
      elseif not has_scope(grant, p.scope) then
        graph.patch("/oauth2PermissionGrants/" .. grant.id, { scope = (grant.scope or "") .. " " .. p.scope })
      end
      consented = true
    end
    return { resource_app_id = p.resource_app_id, scope = p.scope, scope_id = current.scope_id, consented = consented }
  end,

  verify = function(ctx, outputs)
    local app = graph.get("/applications/" .. ctx.params.application_object_id .. "?$select=requiredResourceAccess",
      { expect = "replication" })
    if not has_access(app.requiredResourceAccess, outputs.resource_app_id, outputs.scope_id) then
      error({ code = "permission.verify", message = "the application does not list " .. outputs.scope .. " after the update" })
    end
  end,
}
