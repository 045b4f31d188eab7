local t = require "lib.testing"

local PACKAGE = "AdobeCampaignStandardForD365"
local SOLUTION = "AdobeCampaignStandard"

local function ctx(env, extra)
  local params = { solution_unique_name = SOLUTION, package_unique_name = PACKAGE, timeout = 30 }
  for k, v in pairs(extra or {}) do params[k] = v end
  return t.ctx{ step = "solution", env = env, params = params }
end

local function solution_in(org)
  return t.find(t.org(org).tables.solutions, { uniquename = SOLUTION })
end

function test_already_installed_in_stage()
  local mark = t.mark()
  local result = t.run("powerplatform.app_install", ctx("stage"))
  t.eq(result.status, "unchanged")
  t.eq(result.outputs.solution_id, solution_in("stage").solutionid)
  t.eq(result.outputs.version, "1.0.0.12")
  t.eq(t.writes(mark), {})
end

function test_installs_in_prod_through_the_api_and_polls_the_operation()
  twin.faults("install=300")
  t.falsy(solution_in("prod"))
  local plan = t.plan("powerplatform.app_install", ctx("prod"))
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].detail, "install package " .. PACKAGE .. " through the Power Platform API")
  local result = t.run("powerplatform.app_install", ctx("prod"))
  t.eq(result.status, "changed")
  local solution = t.truthy(solution_in("prod"), "the solution is in the prod org")
  t.eq(result.outputs.solution_id, solution.solutionid)
  local operations = twin.state().power_platform.operations
  t.eq(#operations, 1)
  t.eq(operations[1].packageUniqueName, PACKAGE)
  t.eq(operations[1].status, "Succeeded")
  t.contains(table.concat(result.logs, "\n"), "installing " .. PACKAGE)
  t.eq(t.run("powerplatform.app_install", ctx("prod")).status, "unchanged")
end

function test_an_install_started_by_a_run_that_never_saw_the_answer_is_waited_for()
  twin.faults("install=600000") -- the install runs until the twin clock moves
  twin.rule{ service = "powerplatform", method = "POST", path_prefix = "/appmanagement", drop_after = true, count = 1 }
  t.falsy(pcall(t.run, "powerplatform.app_install", ctx("prod")), "the install's answer never came")
  local mark = t.mark()
  local err = t.errors(function() t.run("powerplatform.app_install", ctx("prod", { timeout = 1 })) end, "wait.timeout")
  t.eq(err.phase, "apply")
  t.contains(table.concat(harness.logs(), "\n"), "package " .. PACKAGE .. " is already installing; waiting for it")
  t.eq(t.writes(mark), {}, "the install was not asked for again")
  t.eq(#twin.state().power_platform.operations, 1)
  twin.advance(3600)
  local result = t.run("powerplatform.app_install", ctx("prod"))
  t.eq(result.status, "unchanged")
  t.eq(result.outputs.solution_id, t.truthy(solution_in("prod")).solutionid)
end

function test_a_forbidden_api_opens_a_manual_gate()
  twin.rule{ service = "powerplatform", method = "POST", path_prefix = "/appmanagement", status = 403, count = 1 }
  local err = t.errors(function() t.run("powerplatform.app_install", ctx("prod")) end, "gate.pending")
  t.eq(err.phase, "apply")
  t.contains(err.message, "Install 'Adobe Campaign Standard for Dynamics 365'")
  t.eq(#harness.gates(), 1)
  t.contains(table.concat(harness.logs(), "\n"), "the Power Platform API refused the installation")
  t.falsy(solution_in("prod"))
end

function test_with_use_api_false_the_gate_passes_once_the_operator_installed_it()
  twin.faults("install=200")
  local environment = twin.info().environments.prod
  harness.on_gate(function(message)
    -- the operator installs it from AppSource (here: through the API, as the admin)
    powerplatform.install(environment, PACKAGE, { every = 0.1 })
  end)
  local plan = t.plan("powerplatform.app_install", ctx("prod", { use_api = false }))
  t.eq(plan.changes[1].action, "manual")
  local result = t.run("powerplatform.app_install", ctx("prod", { use_api = false }))
  t.eq(result.status, "changed")
  t.eq(#harness.gates(), 1)
  t.eq(result.outputs.solution_id, solution_in("prod").solutionid)
end

--- @scenario missing-solution
function test_an_unavailable_package_is_an_error()
  local err = t.errors(function() t.run("powerplatform.app_install", ctx("stage")) end, "solution.unavailable")
  t.contains(err.message, "the application package " .. PACKAGE .. " is not available in environment")
end
