local t = require "lib.testing"

local function ctx(app, extra)
  local params = { client_id = app.client_id, full_name = "Adobe API stage", icon = "assets/adobe-campaign-icon.png" }
  for k, v in pairs(extra or {}) do params[k] = v end
  return t.ctx{ step = "app_user", params = params }
end

local function user_row(id)
  return t.find(t.org("stage").tables.systemusers, { systemuserid = id })
end

local function root_business_unit()
  for _, unit in ipairs(t.org("stage").tables.businessunits) do
    if unit._parentbusinessunitid_value == json.null then return unit end
  end
end

function test_creates_the_user_with_names_email_and_icon_in_the_root_business_unit()
  local app = t.app()
  local plan = t.plan("dataverse.application_user", ctx(app))
  t.eq(#plan.changes, 2)
  t.eq(plan.changes[1].action, "create")
  t.contains(plan.changes[2].detail, "icon assets/adobe-campaign-icon.png")

  local result = t.run("dataverse.application_user", ctx(app))
  t.eq(result.status, "changed")
  local user = t.truthy(user_row(result.outputs.user_id), "the user exists in the stage org")
  t.eq(user.applicationid, app.client_id)
  t.eq(user.fullname, "Adobe API stage")
  t.eq(user.firstname, "Adobe API")
  t.eq(user.lastname, "stage")
  t.eq(user.domainname, result.outputs.user_name)
  t.contains(user.domainname, "adobe_api_stage@")
  t.eq(user.internalemailaddress, user.domainname)
  t.eq(user.isdisabled, false)
  t.eq(user.entityimage.type, "png", "the icon is stored as a PNG")
  t.truthy(user.entityimage.bytes > 100)
  local root = root_business_unit()
  t.eq(user._businessunitid_value, root.businessunitid)
  t.eq(result.outputs.business_unit_id, root.businessunitid)
  t.eq(result.outputs.full_name, "Adobe API stage")
end

function test_a_second_run_is_a_no_op_without_writes()
  local app = t.app()
  local first = t.run("dataverse.application_user", ctx(app))
  local mark = t.mark()
  local second = t.run("dataverse.application_user", ctx(app))
  t.eq(second.status, "unchanged")
  t.eq(second.outputs, first.outputs)
  t.eq(t.plan("dataverse.application_user", ctx(app)).outputs.user_id, first.outputs.user_id)
  t.eq(t.writes(mark), {})
end

function test_drift_in_names_and_email_is_corrected()
  local app = t.app()
  local first = t.run("dataverse.application_user", ctx(app))
  dataverse.patch("systemusers(" .. first.outputs.user_id .. ")", { lastname = "renamed", internalemailaddress = "x@example.com" },
    { if_match = "*" })
  local plan = t.plan("dataverse.application_user", ctx(app))
  t.eq(#plan.changes, 1)
  t.contains(plan.changes[1].detail, "internalemailaddress")
  t.contains(plan.changes[1].detail, "lastname 'stage'")
  t.run("dataverse.application_user", ctx(app))
  local user = user_row(first.outputs.user_id)
  t.eq(user.lastname, "stage")
  t.eq(user.internalemailaddress, user.domainname)
end

function test_user_name_and_email_can_be_given()
  local app = t.app()
  local result = t.run("dataverse.application_user", ctx(app, { user_name = "adobe@contoso.com", email = "ops@contoso.com" }))
  local user = user_row(result.outputs.user_id)
  t.eq(user.domainname, "adobe@contoso.com")
  t.eq(user.internalemailaddress, "ops@contoso.com")
end

function test_plans_with_the_client_id_unknown()
  local result = t.plan("dataverse.application_user", t.ctx{ step = "app_user", params = {
    client_id = t.unknown("outputs.app.client_id"), full_name = "Adobe API stage" } })
  t.eq(#result.changes, 1)
  t.contains(result.changes[1].target, "application user 'adobe_api_stage@")
  t.truthy(t.is_unknown(result.outputs.user_id))
end
