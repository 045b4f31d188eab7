-- Step 4, "Manage roles > System Administrator": the role is found by its role template ID (the same in
-- every org and language) in the user's business unit, and associated with the user once.
local plan = require "lib.plan"

local SYSTEM_ADMINISTRATOR = "627090ff-40a3-4053-8790-584edc5be201"

local function user_with_roles(user_id)
  return dataverse.get("systemusers(" .. user_id .. ")?$select=systemuserid,fullname,_businessunitid_value"
    .. "&$expand=systemuserroles_association($select=roleid,name)")
end

local function role_in(template_id, business_unit_id)
  local rows = dataverse.list("roles?$select=roleid,name,_businessunitid_value&$filter=_roletemplateid_value eq "
    .. template_id .. " and _businessunitid_value eq " .. business_unit_id)
  if #rows ~= 1 then
    error({ code = "role.not_found", message = string.format(
      "expected one role with template %s in business unit %s, found %d", template_id, business_unit_id, #rows) })
  end
  return rows[1]
end

local function has_role(user, role_id)
  for _, r in ipairs(user.systemuserroles_association or {}) do
    if r.roleid == role_id then return true end
  end
  return false
end

return {
  summary = "Give the application user the System Administrator security role",
  params = {
    user_id = { type = "string", required = true, doc = "systemuserid of the user" },
    role_template_id = { type = "string", default = SYSTEM_ADMINISTRATOR, doc = "role template ID (System Administrator)" },
  },
  outputs = {
    role_id = "roleid of the role in the user's business unit",
    role_name = "name of the role",
  },

  read = function(ctx)
    local p = ctx.params
    if ctx.unknown(p.user_id) then return { user = nil } end
    local user = user_with_roles(p.user_id)
    return { user = user, role = role_in(p.role_template_id, user._businessunitid_value) }
  end,

  plan = function(ctx, current)
    if not current.user then
      return { plan.change("assign", "security role (template " .. ctx.params.role_template_id .. ")",
        "to the application user created by an earlier step") }
    end
    if has_role(current.user, current.role.roleid) then return {} end
    return { plan.change("assign", "security role '" .. current.role.name .. "'", "to " .. current.user.fullname) }
  end,

  apply = function(ctx, current, changes)
    if #changes > 0 then
      local ok, err = pcall(dataverse.associate, "systemusers", current.user.systemuserid,
        "systemuserroles_association", "roles", current.role.roleid)
      if not ok and not (type(err) == "table" and err.code == "dataverse.duplicate") then error(err, 0) end
    end
    return { role_id = current.role.roleid, role_name = current.role.name }
  end,

  verify = function(ctx, outputs)
    if not has_role(user_with_roles(ctx.params.user_id), outputs.role_id) then
      error({ code = "role.verify", message = "the user does not hold " .. outputs.role_name .. " after the association" })
    end
  end,
}
