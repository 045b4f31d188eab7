local t = require "lib.testing"

local NAMES = { "Adobe Campaign Email Bounce", "Adobe Campaign Email Click" }

local function ctx(owner_id)
  return t.ctx{ step = "processes", params = { owner_id = owner_id } }
end

local function definition(name)
  for _, row in ipairs(t.org("stage").tables.workflows) do
    if row.name == name and row.type == 1 then return row end
  end
end

function test_deactivates_assigns_and_reactivates_each_process()
  local user = t.app_user()
  local plan = t.plan("dataverse.process_owner", ctx(user.user_id))
  t.eq(#plan.changes, 2)
  t.eq(plan.changes[1].detail, "deactivate, assign to the application user, activate")
  local mark = t.mark()
  local result = t.run("dataverse.process_owner", ctx(user.user_id))
  t.eq(result.status, "changed")
  t.eq(#t.writes(mark), 6, "three separate PATCHes per process")
  for _, name in ipairs(NAMES) do
    local row = definition(name)
    t.eq(row._ownerid_value, user.user_id, name .. " is owned by the application user")
    t.eq(row.statecode, 1, name .. " is activated")
    t.eq(row.statuscode, 2)
  end
  t.eq(#result.outputs.processes, 2)
  t.eq(result.outputs.processes[1].state, "activated")
  t.eq(result.outputs.owner_id, user.user_id)
end

function test_processes_in_sync_are_left_alone()
  local user = t.app_user()
  t.run("dataverse.process_owner", ctx(user.user_id))
  local mark = t.mark()
  local again = t.run("dataverse.process_owner", ctx(user.user_id))
  t.eq(again.status, "unchanged")
  t.eq(t.writes(mark), {})
end

function test_a_deactivated_process_of_the_owner_is_only_reactivated()
  local user = t.app_user()
  t.run("dataverse.process_owner", ctx(user.user_id))
  local row = definition(NAMES[1])
  dataverse.patch("workflows(" .. row.workflowid .. ")", { statecode = 0, statuscode = 1 }, { if_match = "*" })
  local plan = t.plan("dataverse.process_owner", ctx(user.user_id))
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].detail, "activate")
  local mark = t.mark()
  t.run("dataverse.process_owner", ctx(user.user_id))
  t.eq(#t.writes(mark), 1)
  t.eq(definition(NAMES[1]).statecode, 1)
end

--- @scenario missing-solution
function test_a_missing_process_is_reported()
  local user = t.app_user()
  local plan = t.plan("dataverse.process_owner", ctx(user.user_id))
  t.eq(plan.changes[1].detail, "once the solution is installed: owner, then activate")
  local err = t.errors(function() t.run("dataverse.process_owner", ctx(user.user_id)) end, "process.not_found")
  t.contains(err.message, "is the Adobe Campaign solution installed?")
end
