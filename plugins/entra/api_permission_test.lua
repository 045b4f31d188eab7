local t = require "lib.testing"

local DYNAMICS = "00000007-0000-0000-c000-000000000000"
local GRAPH = "00000003-0000-0000-c000-000000000000"
local USER_IMPERSONATION = "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"
local USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"

local function ctx(app, extra)
  local params = { application_object_id = app.object_id, client_sp_id = app.sp_id }
  for k, v in pairs(extra or {}) do params[k] = v end
  return t.ctx{ step = "permission", params = params }
end

local function required_access(app)
  return graph.get("/applications/" .. app.object_id .. "?$select=requiredResourceAccess").requiredResourceAccess
end

local function grants(app)
  return graph.list("/oauth2PermissionGrants?$filter=clientId eq '" .. app.sp_id .. "'")
end

function test_adds_user_impersonation_and_keeps_other_permissions()
  local app = t.app()
  graph.patch("/applications/" .. app.object_id, { requiredResourceAccess = {
    { resourceAppId = GRAPH, resourceAccess = { { id = USER_READ, type = "Scope" } } } } })
  local plan = t.plan("entra.api_permission", ctx(app))
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].detail, "add Dataverse user_impersonation (delegated)")

  local result = t.run("entra.api_permission", ctx(app))
  t.eq(result.status, "changed")
  t.eq(result.outputs, { resource_app_id = DYNAMICS, scope = "user_impersonation", scope_id = USER_IMPERSONATION,
                         consented = false })
  local access = required_access(app)
  t.eq(#access, 2)
  t.eq(t.find(access, { resourceAppId = DYNAMICS }).resourceAccess, { { id = USER_IMPERSONATION, type = "Scope" } })
  t.eq(t.find(access, { resourceAppId = GRAPH }).resourceAccess, { { id = USER_READ, type = "Scope" } })
  t.eq(#grants(app), 0, "no admin consent unless asked")
end

function test_merges_into_an_existing_dynamics_entry()
  local app = t.app()
  local other = "11111111-2222-3333-4444-555555555555"
  graph.patch("/applications/" .. app.object_id, { requiredResourceAccess = {
    { resourceAppId = DYNAMICS, resourceAccess = { { id = other, type = "Role" } } } } })
  t.run("entra.api_permission", ctx(app))
  local dynamics = required_access(app)
  t.eq(#dynamics, 1)
  t.eq(dynamics[1].resourceAccess, { { id = other, type = "Role" }, { id = USER_IMPERSONATION, type = "Scope" } })
end

function test_a_second_run_writes_nothing()
  local app = t.app()
  t.run("entra.api_permission", ctx(app))
  local mark = t.mark()
  local again = t.run("entra.api_permission", ctx(app))
  t.eq(again.status, "unchanged")
  t.eq(t.plan("entra.api_permission", ctx(app)).outputs.scope_id, USER_IMPERSONATION)
  t.eq(t.writes(mark), {})
end

function test_grants_admin_consent_when_asked()
  local app = t.app()
  local result = t.run("entra.api_permission", ctx(app, { admin_consent = true }))
  t.eq(#result.changes, 2)
  t.eq(result.outputs.consented, true)
  local list = grants(app)
  t.eq(#list, 1)
  t.eq(list[1].consentType, "AllPrincipals")
  t.eq(list[1].scope, "user_impersonation")
  t.eq(t.run("entra.api_permission", ctx(app, { admin_consent = true })).status, "unchanged")
end

function test_plans_with_the_app_unknown()
  local result = t.plan("entra.api_permission", t.ctx{ step = "permission",
    params = { application_object_id = t.unknown("outputs.app.object_id") } })
  t.eq(#result.changes, 1)
  t.eq(result.changes[1].target, "application (created by an earlier step)")
  t.truthy(t.is_unknown(result.outputs.scope_id))
end
