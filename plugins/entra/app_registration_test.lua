local t = require "lib.testing"

local NAME = "adobe campaign stage"
local MARKER = "stepwise:adobe-campaign-d365:default:stage"

local function ctx(params)
  return t.ctx{ step = "app", params = params or { display_name = NAME } }
end

local function twin_app(object_id)
  return t.find(twin.state().applications, { id = object_id })
end

function test_creates_the_app_with_the_marker_and_its_service_principal()
  local plan = t.plan("entra.app_registration", ctx())
  t.eq(#plan.changes, 2)
  t.eq(plan.changes[1].action, "create")
  t.eq(plan.changes[1].target, "application '" .. NAME .. "'")
  t.truthy(t.is_unknown(plan.outputs.client_id), "the client ID is only known after apply")

  local result = t.run("entra.app_registration", ctx())
  t.eq(result.status, "changed")
  local app = t.truthy(twin_app(result.outputs.object_id), "the application exists in the twin")
  t.eq(app.displayName, NAME)
  t.eq(app.signInAudience, "AzureADMyOrg")
  t.eq(app.uniqueName, "stepwise-adobe-campaign-d365-default-stage")
  t.contains(app.tags, MARKER)
  t.contains(app.notes, "Managed by Stepwise")
  t.eq(result.outputs.client_id, app.appId)
  t.eq(result.outputs.display_name, NAME)
  local sp = t.truthy(t.find(twin.state().service_principals, { appId = app.appId }), "the service principal exists")
  t.eq(result.outputs.sp_id, sp.id)
  t.contains(sp.tags, MARKER)
end

function test_a_second_run_is_a_no_op_without_writes()
  local first = t.run("entra.app_registration", ctx())
  local mark = t.mark()
  local second = t.run("entra.app_registration", ctx())
  t.eq(second.status, "unchanged")
  t.eq(second.outputs, first.outputs)
  local plan = t.plan("entra.app_registration", ctx())
  t.eq(#plan.changes, 0)
  t.eq(plan.outputs.client_id, first.outputs.client_id, "plan mode computes the outputs of an app in sync")
  t.eq(t.writes(mark), {})
  local count = 0
  for _, app in ipairs(twin.state().applications) do
    if app.displayName == NAME then count = count + 1 end
  end
  t.eq(count, 1)
end

--- @scenario lookalike
function test_a_lookalike_app_is_refused()
  local mark = t.mark()
  local err = t.errors(function() t.run("entra.app_registration", ctx()) end, "app.lookalike")
  t.eq(err.phase, "read")
  t.contains(err.message, "Stepwise did not create it")
  t.contains(err.message, 'adopt_app_id = "afba2685-a7d3-5912-977c-89277ab07cb0"')
  t.eq(t.writes(mark), {})
end

--- @scenario lookalike
function test_adopt_app_id_adopts_the_lookalike_for_good()
  local other = t.find(twin.state().applications, { displayName = NAME })
  local result = t.run("entra.app_registration", ctx{ display_name = NAME, adopt_app_id = other.appId })
  t.eq(result.status, "changed")
  t.eq(result.changes[1].detail, "ownership marker (adopted)")
  t.eq(result.outputs.client_id, other.appId)
  t.eq(result.outputs.object_id, other.id)
  t.contains(twin_app(other.id).tags, MARKER)
  local again = t.run("entra.app_registration", ctx())
  t.eq(again.status, "unchanged", "once adopted, the app is ours without adopt_app_id")
  t.eq(again.outputs.client_id, other.appId)
end

function test_adopting_an_unknown_app_is_an_error()
  t.errors(function()
    t.run("entra.app_registration", ctx{ display_name = NAME, adopt_app_id = "00000000-0000-0000-0000-0000000000aa" })
  end, "app.adopt_missing")
end

function test_drift_is_repaired()
  local first = t.run("entra.app_registration", ctx())
  graph.patch("/applications/" .. first.outputs.object_id, { signInAudience = "AzureADMultipleOrgs" })
  local plan = t.plan("entra.app_registration", ctx())
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].detail, "signInAudience AzureADMyOrg")
  t.run("entra.app_registration", ctx())
  t.eq(twin_app(first.outputs.object_id).signInAudience, "AzureADMyOrg")
end

function test_waits_out_the_replication_of_the_new_app()
  twin.faults("lag.app=1000")
  local result = t.run("entra.app_registration", ctx())
  t.truthy(t.find(twin.state().service_principals, { appId = result.outputs.client_id }))
end
