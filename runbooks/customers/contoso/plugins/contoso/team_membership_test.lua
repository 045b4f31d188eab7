local t = require "lib.testing"

local TEAM = "Adobe Campaign Integrations"

local function ctx(user_id)
  return t.ctx{ step = "team", customer = "contoso", params = { user_id = user_id, team = TEAM } }
end

local function team_row()
  return t.find(t.org("stage").tables.teams, { name = TEAM })
end

function test_creates_the_owner_team_in_the_root_unit_and_adds_the_user()
  local user = t.app_user()
  local plan = t.plan("contoso.team_membership", ctx(user.user_id))
  t.eq(#plan.changes, 2)
  t.eq(plan.changes[1].target, "owner team '" .. TEAM .. "'")
  local result = t.run("contoso.team_membership", ctx(user.user_id))
  t.eq(result.status, "changed")
  local team = t.truthy(team_row(), "the team exists")
  t.eq(team.teamid, result.outputs.team_id)
  t.eq(team.teamtype, 0)
  t.contains(team.description, "stepwise:adobe-campaign-d365:contoso:stage")
  t.eq(team._businessunitid_value, user.business_unit_id)
  t.truthy(t.has_pair(t.org("stage").associations.teammembership_association, user.user_id, team.teamid),
    "the user is a member")
end

function test_a_second_run_is_a_no_op_without_writes()
  local user = t.app_user()
  t.run("contoso.team_membership", ctx(user.user_id))
  local mark = t.mark()
  t.eq(t.run("contoso.team_membership", ctx(user.user_id)).status, "unchanged")
  t.eq(t.writes(mark), {})
end

function test_an_existing_team_only_gains_the_member()
  local user = t.app_user()
  local team_id = dataverse.create("teams", { name = TEAM, teamtype = 0 })
  local plan = t.plan("contoso.team_membership", ctx(user.user_id))
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].action, "assign")
  local mark = t.mark()
  local result = t.run("contoso.team_membership", ctx(user.user_id))
  t.eq(result.outputs.team_id, team_id)
  t.eq(#t.writes(mark), 1)
end
