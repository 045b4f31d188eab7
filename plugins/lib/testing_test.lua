-- Tests of the harness itself: assertions, step runs, and the twin module.
local t = require "lib.testing"

function test_assertions_compare_deeply_and_report_the_caller_line()
  t.eq({ a = { 1, 2 }, b = "x" }, { b = "x", a = { 1, 2 } })
  t.contains("hello world", "lo w")
  t.contains({ { id = 1 }, { id = 2 } }, { id = 2 })
  t.truthy(0)
  t.falsy(nil)
  local ok, message = pcall(t.eq, 1, 2)
  t.falsy(ok)
  t.contains(message, "expected 2, got 1")
  local err = t.errors(function() error({ code = "x.y", message = "boom" }) end, "x.y")
  t.eq(err.message, "boom")
  t.falsy(pcall(t.errors, function() end, "x.y"), "t.errors fails when nothing is raised")
  t.falsy(pcall(t.errors, function() error({ code = "other" }) end, "x.y"), "t.errors fails on another code")
end

function test_a_step_failure_carries_code_phase_step_and_plugin()
  local err = t.errors(function() t.run("entra.tenant", t.ctx{ step = "tenant", params = {} }) end, "params.invalid")
  t.eq(err.phase, "params")
  t.eq(err.step, "tenant")
  t.eq(err.plugin, "entra.tenant")
  t.contains(err.message, "parameter 'domain' is required")
end

function test_plan_leaves_the_given_ctx_alone()
  local ctx = t.ctx{ params = { domain = twin.info().tenant_domain } }
  t.plan("entra.tenant", ctx)
  t.eq(ctx.mode, "apply")
end

function test_twin_reset_rule_advance_and_requests()
  local mark = t.mark()
  graph.post("/applications", { displayName = "harness self test" })
  t.eq(#t.writes(mark), 1)
  t.truthy(t.find(twin.state().applications, { displayName = "harness self test" }))
  twin.reset()
  t.falsy(t.find(twin.state().applications, { displayName = "harness self test" }), "reset restores the scenario")
  t.eq(#twin.requests(0), 0, "reset clears the request log")

  twin.rule{ service = "graph", method = "GET", path_prefix = "/v1.0/organization", status = 404, count = 1 }
  t.errors(function() graph.get("/organization") end, "graph.not_found")
  t.truthy(graph.get("/organization").value, "the rule fired once")

  local info = twin.info()
  t.eq(info.admin.client_secret, nil, "the admin secret is not handed to tests")
  t.truthy(info.orgs.stage)
  twin.advance(60)
  t.eq(#t.requests(0, "graph"), 2)
end
