local t = require "lib.testing"

local function ctx(app, user, secret_ref, extra)
  local params = { client_id = app.client_id, secret_ref = secret_ref, expected_user_id = user.user_id, timeout = 60 }
  for k, v in pairs(extra or {}) do params[k] = v end
  return t.ctx{ step = "verify", params = params }
end

function test_the_new_secret_signs_in_and_whoami_answers_the_application_user()
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local result = t.run("checks.app_login", ctx(app, user, secret_outputs.secret_ref))
  t.eq(result.status, "unchanged")
  t.eq(#result.changes, 0)
  t.eq(result.outputs.user_id, user.user_id)
  t.eq(result.outputs.tenant_id, twin.info().tenant_id)
  t.truthy(result.outputs.organization_id)
  t.contains(table.concat(result.logs, "\n"), "WhoAmI is the application user " .. user.user_id)
end

function test_waits_out_replication_of_the_secret_and_the_application_user()
  twin.faults("lag.secret=600000,lag.appuser=600000")
  twin.release_lag(2, 401) -- the hour passes only once the check has been refused twice
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local result = t.run("checks.app_login", ctx(app, user, secret_outputs.secret_ref))
  t.eq(result.outputs.user_id, user.user_id)
  local output = table.concat(harness.logs(), "\n")
  t.contains(output, "waiting for the new client secret to be accepted: try 1")
  t.contains(output, "(oauth.invalid_client)")
end

function test_a_different_user_is_reported()
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local err = t.errors(function()
    t.run("checks.app_login", ctx(app, { user_id = "00000000-0000-0000-0000-00000000beef" }, secret_outputs.secret_ref))
  end, "check.wrong_user")
  t.contains(err.message, user.user_id)
end

function test_a_missing_secret_is_reported()
  local user, app = t.app_user()
  local err = t.errors(function() t.run("checks.app_login", ctx(app, user, "nowhere/client-secret")) end, "check.no_secret")
  t.contains(err.message, "run the secret step again")
end

function test_gives_up_after_the_timeout()
  twin.faults("lag.secret=60000")
  local user, app = t.app_user()
  local secret_outputs = t.client_secret("stage", app)
  local err = t.errors(function()
    t.run("checks.app_login", ctx(app, user, secret_outputs.secret_ref, { timeout = 1 }))
  end, "wait.timeout")
  t.contains(err.message, "waiting for the new client secret to be accepted")
end
