local t = require "lib.testing"

local SYSTEM_ADMINISTRATOR = "627090ff-40a3-4053-8790-584edc5be201"

local function ctx(user_id)
  return t.ctx{ step = "role", params = { user_id = user_id } }
end

function test_assigns_system_administrator_of_the_users_business_unit()
  local user = t.app_user()
  local plan = t.plan("dataverse.security_role", ctx(user.user_id))
  t.eq(#plan.changes, 1)
  t.eq(plan.changes[1].target, "security role 'System Administrator'")
  local result = t.run("dataverse.security_role", ctx(user.user_id))
  t.eq(result.status, "changed")
  t.eq(result.outputs.role_name, "System Administrator")
  local org = t.org("stage")
  local role = t.find(org.tables.roles, { roleid = result.outputs.role_id })
  t.eq(role._roletemplateid_value, SYSTEM_ADMINISTRATOR)
  t.eq(role._businessunitid_value, user.business_unit_id)
  t.truthy(t.has_pair(org.associations.systemuserroles_association, user.user_id, result.outputs.role_id),
    "the twin holds the association")
end

function test_a_second_run_is_a_no_op_without_writes()
  local user = t.app_user()
  local first = t.run("dataverse.security_role", ctx(user.user_id))
  local mark = t.mark()
  local second = t.run("dataverse.security_role", ctx(user.user_id))
  t.eq(second.status, "unchanged")
  t.eq(second.outputs, first.outputs)
  t.eq(t.writes(mark), {})
end

function test_an_association_made_behind_its_back_is_accepted()
  local user = t.app_user()
  local role = dataverse.list("roles?$select=roleid&$filter=_roletemplateid_value eq " .. SYSTEM_ADMINISTRATOR
    .. " and _businessunitid_value eq " .. user.business_unit_id)[1]
  dataverse.associate("systemusers", user.user_id, "systemuserroles_association", "roles", role.roleid)
  local result = t.run("dataverse.security_role", ctx(user.user_id))
  t.eq(result.status, "unchanged")
  t.eq(result.outputs.role_id, role.roleid)
end

function test_plans_with_the_user_unknown()
  local result = t.plan("dataverse.security_role", ctx(t.unknown("outputs.app_user.user_id")))
  t.eq(#result.changes, 1)
  t.eq(result.changes[1].detail, "to the application user created by an earlier step")
end
