local t = require "lib.testing"

local STORE_NAME = "adobe-campaign-d365/default/stage/client-secret"
local MARKER = "stepwise:adobe-campaign-d365:default:stage"

local function ctx(app, extra)
  local params = { application_object_id = app.object_id, client_id = app.client_id }
  local rotate = false
  for k, v in pairs(extra or {}) do
    if k == "rotate" then rotate = v else params[k] = v end
  end
  return t.ctx{ step = "secret", params = params, rotate_secret = rotate }
end

-- The twin's password credentials of `app` that carry the marker.
local function ours(app)
  local list = {}
  local state = t.find(twin.state().applications, { id = app.object_id })
  for _, credential in ipairs(state.passwordCredentials) do
    if credential.displayName == MARKER then list[#list + 1] = credential end
  end
  return list
end

function test_the_value_goes_to_the_store_and_never_to_the_output()
  local app = t.app()
  local result = t.run("entra.client_secret", ctx(app))
  t.eq(result.status, "changed")
  t.eq(result.outputs.secret_ref, STORE_NAME)
  local ref = t.truthy(secret.ref(STORE_NAME), "the store holds the value")
  t.eq(ref.key_id, result.outputs.key_id)
  t.eq(ref.hint, result.outputs.hint)
  local credentials = ours(app)
  t.eq(#credentials, 1)
  t.eq(credentials[1].keyId, result.outputs.key_id)
  t.eq(credentials[1].returned, true)
  t.contains(table.concat(result.logs, "\n"), "stored as " .. STORE_NAME)
  t.falsy(harness.secret_in_output(STORE_NAME), "the value appeared in a log line, progress line or exchange")
  t.falsy(harness.contains_secret(STORE_NAME, json.encode(result.outputs)), "the value is in the outputs")
  local token = oauth.client_credentials({ client_id = app.client_id, secret = ref, resource = "graph", expect = "replication" })
  t.eq(token.claims.appid, app.client_id, "the stored value signs in as the app")
end

function test_a_second_run_keeps_the_secret_and_writes_nothing()
  local app = t.app()
  local first = t.run("entra.client_secret", ctx(app))
  local mark = t.mark()
  local second = t.run("entra.client_secret", ctx(app))
  t.eq(second.status, "unchanged")
  t.eq(second.outputs, first.outputs)
  t.eq(t.writes(mark), {})
end

function test_an_orphan_is_removed_and_replaced()
  local app = t.app()
  -- A secret of ours whose value never reached the store (the run died right after addPassword).
  graph.post("/applications/" .. app.object_id .. "/addPassword", { passwordCredential = { displayName = MARKER } })
  local orphan = ours(app)[1]
  local plan = t.plan("entra.client_secret", ctx(app))
  t.eq(#plan.changes, 2)
  t.eq(plan.changes[1].action, "create")
  t.eq(plan.changes[2].action, "delete")
  t.eq(plan.changes[2].detail, "its value is not in the secret store")
  local result = t.run("entra.client_secret", ctx(app))
  local credentials = ours(app)
  t.eq(#credentials, 1, "exactly one usable secret remains")
  t.eq(credentials[1].keyId, result.outputs.key_id)
  t.truthy(credentials[1].keyId ~= orphan.keyId, "the orphan is gone")
end

function test_rotation_adds_the_new_secret_proves_it_then_removes_the_old_one()
  local app = t.app()
  local first = t.run("entra.client_secret", ctx(app))
  local mark = t.mark()
  local result = t.run("entra.client_secret", ctx(app, { rotate = true }))
  t.contains(result.changes[1].detail, ", then the current one is removed")
  t.truthy(result.outputs.key_id ~= first.outputs.key_id)
  local credentials = ours(app)
  t.eq(#credentials, 1)
  t.eq(credentials[1].keyId, result.outputs.key_id)
  t.eq(secret.ref(STORE_NAME).key_id, result.outputs.key_id)
  t.contains(table.concat(result.logs, "\n"), "rotated: removed the previous client secret")
  local order = {}
  for _, r in ipairs(t.requests(mark)) do
    if r.path:find("addPassword", 1, true) then order[#order + 1] = "add" end
    if r.service == "identity" and r.path:find("/token", 1, true) and r.status == 200 then order[#order + 1] = "token" end
    if r.path:find("removePassword", 1, true) then order[#order + 1] = "remove" end
  end
  t.eq(order[1], "add")
  t.eq(order[#order], "remove")
  t.contains(order, "token")
end

function test_renews_a_secret_that_expires_within_renew_days()
  local app = t.app()
  t.run("entra.client_secret", ctx(app, { lifetime_days = 10 }))
  local plan = t.plan("entra.client_secret", ctx(app, { lifetime_days = 10 }))
  t.eq(#plan.changes, 1)
  t.contains(plan.changes[1].detail, "then the current one is removed")
  t.eq(#t.plan("entra.client_secret", ctx(app, { lifetime_days = 10, renew_days = 5 })).changes, 0)
end

function test_plans_with_the_app_unknown()
  local result = t.plan("entra.client_secret", t.ctx{ step = "secret", params = {
    application_object_id = t.unknown("outputs.app.object_id"), client_id = t.unknown("outputs.app.client_id") } })
  t.eq(#result.changes, 1)
  t.eq(result.changes[1].action, "create")
  t.truthy(t.is_unknown(result.outputs.key_id))
end
