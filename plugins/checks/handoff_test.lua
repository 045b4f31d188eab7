local t = require "lib.testing"

local function params(app, user, secret_outputs)
  return {
    tenant_id = twin.info().tenant_id, client_id = app.client_id, app_name = app.display_name,
    secret_ref = secret_outputs.secret_ref, key_id = secret_outputs.key_id, expires = secret_outputs.expires,
    app_user = user.user_name, app_user_id = user.user_id, role = "System Administrator",
    processes = { { name = "Adobe Campaign Email Bounce", state = "activated" } }, verified_as = user.user_id,
  }
end

function test_writes_the_report_with_a_reference_and_never_the_secret_value()
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local ctx = t.ctx{ step = "handoff", params = params(app, user, secret_outputs) }
  local plan = t.plan("checks.handoff", ctx)
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].action, "create")

  local result = t.run("checks.handoff", ctx)
  t.eq(result.status, "changed")
  t.contains(result.outputs.markdown, "adobe-campaign-d365/default/stage/handoff.md")
  local markdown = t.truthy(harness.read_file(result.outputs.markdown), "the Markdown report exists")
  t.contains(markdown, "| Tenant ID | " .. twin.info().tenant_id .. " |")
  t.contains(markdown, app.client_id .. " (adobe campaign stage)")
  t.contains(markdown, "secret store entry `" .. secret_outputs.secret_ref .. "`")
  t.contains(markdown, "Adobe Campaign Email Bounce (activated)")
  t.contains(markdown, "WhoAmI answered " .. user.user_id)
  local data = json.decode(harness.read_file(result.outputs.json))
  t.eq(data.client_secret.reference, secret_outputs.secret_ref)
  t.eq(data.client_secret.key_id, secret_outputs.key_id)
  t.eq(data.application_user.id, user.user_id)
  t.falsy(harness.contains_secret(secret_outputs.secret_ref, markdown), "the Markdown report holds the secret value")
  t.falsy(harness.contains_secret(secret_outputs.secret_ref, harness.read_file(result.outputs.json)),
    "the JSON report holds the secret value")

  local again = t.plan("checks.handoff", ctx)
  t.eq(#again.changes, 0, "a plan after the apply is empty")
  t.eq(again.outputs.markdown, result.outputs.markdown)
  t.eq(t.run("checks.handoff", ctx).status, "unchanged")
end

function test_a_changed_input_updates_the_report()
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local values = params(app, user, secret_outputs)
  t.run("checks.handoff", t.ctx{ step = "handoff", params = values })
  values.role = "Basic User"
  local plan = t.plan("checks.handoff", t.ctx{ step = "handoff", params = values })
  t.eq(plan.changes[1].action, "update")
  local result = t.run("checks.handoff", t.ctx{ step = "handoff", params = values })
  t.contains(harness.read_file(result.outputs.markdown), ", Basic User")
end

function test_plans_the_report_while_inputs_are_unknown()
  local result = t.plan("checks.handoff", t.ctx{ step = "handoff", params = {
    tenant_id = "t", client_id = t.unknown("outputs.app.client_id"), app_name = "a", secret_ref = "s", key_id = "k",
    expires = "e", app_user = "u", app_user_id = "i" } })
  t.eq(#result.changes, 1)
  t.eq(result.changes[1].detail, "written once the earlier steps have run")
  t.truthy(t.is_unknown(result.outputs.markdown))
end
