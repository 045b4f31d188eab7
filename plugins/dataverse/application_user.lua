-- Step 4 of the Adobe guide: the Dataverse application user bound to the app's client ID, in the root
-- business unit, with user name `adobe_api_<env>@<org host>`, full name `Adobe API <env>`, an email and the
-- Adobe Campaign icon. Dataverse allows one application user per application per org, so the application ID
-- is the key: a rerun finds and adopts it.
local plan = require "lib.plan"

local SELECT = "systemuserid,applicationid,fullname,firstname,lastname,domainname,internalemailaddress,"
  .. "isdisabled,_businessunitid_value,entityimage_timestamp"

local function org_host(url)
  return (url:match("^%a[%w+.-]*://([^/:]+)") or url)
end

local function split_name(full)
  local first, last = full:match("^(.*)%s+(%S+)$")
  if not first then return full, "" end
  return first, last
end

local function desired(ctx)
  local p = ctx.params
  local user_name = p.user_name or ("adobe_api_" .. ctx.env.name .. "@" .. org_host(dataverse.org_url()))
  local first, last = split_name(p.full_name)
  return {
    domainname = user_name,
    internalemailaddress = p.email or user_name,
    firstname = first,
    lastname = last,
  }
end

local function root_business_unit()
  local rows = dataverse.list("businessunits?$select=businessunitid,name&$filter=parentbusinessunitid eq null")
  if #rows ~= 1 then
    error({ code = "app_user.root_bu", message = "expected one root business unit, found " .. #rows })
  end
  return rows[1]
end

local function find_user(client_id, expect)
  local rows = dataverse.list("systemusers?$select=" .. SELECT .. "&$filter=applicationid eq " .. client_id,
    { expect = expect })
  if #rows > 1 then
    error({ code = "app_user.ambiguous", message = #rows .. " users are bound to application " .. client_id })
  end
  return rows[1]
end

return {
  summary = "Create the Dataverse application user for the app, with name, email and icon",
  params = {
    client_id = { type = "string", required = true, doc = "the application (client) ID" },
    full_name = { type = "string", required = true, doc = "full name, e.g. 'Adobe API stage'" },
    user_name = { type = "string", doc = "user name (default adobe_api_<env>@<org host>)" },
    email = { type = "string", doc = "primary email (default: the user name)" },
    icon = { type = "string", doc = "PNG, JPEG, GIF or BMP file, relative to the runbook, shown in timelines" },
  },
  outputs = {
    user_id = "systemuserid of the application user",
    user_name = "user name",
    full_name = "full name",
    business_unit_id = "business unit of the user",
  },

  read = function(ctx)
    local current = { root = root_business_unit(), want = desired(ctx) }
    if not ctx.unknown(ctx.params.client_id) then
      current.user = find_user(ctx.params.client_id)
    end
    return current
  end,

  plan = function(ctx, current)
    local p = ctx.params
    local want = current.want
    local user = current.user
    local label = "application user '" .. want.domainname .. "'"
    if not user then
      local changes = { plan.change("create", label, p.full_name .. " in business unit " .. current.root.name) }
      if p.icon then changes[#changes + 1] = plan.change("update", label, "icon " .. p.icon) end
      return changes
    end
    local drift = {}
    for _, field in ipairs({ "domainname", "internalemailaddress", "firstname", "lastname" }) do
      if user[field] ~= want[field] then drift[#drift + 1] = field .. " '" .. want[field] .. "'" end
    end
    if user.isdisabled then drift[#drift + 1] = "enable" end
    local changes = {}
    if #drift > 0 then changes[#changes + 1] = plan.change("update", label, table.concat(drift, ", ")) end
    if p.icon and (user.entityimage_timestamp == nil or user.entityimage_timestamp == json.null) then
      changes[#changes + 1] = plan.change("update", label, "icon " .. p.icon, { icon = true })
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local want = current.want
    local user = current.user
    local id = user and user.systemuserid
    if not user then
      id = dataverse.create("systemusers", {
        applicationid = p.client_id,
        ["businessunitid@odata.bind"] = "/businessunits(" .. current.root.businessunitid .. ")",
        accessmode = 4,
        isdisabled = false,
        domainname = want.domainname,
        internalemailaddress = want.internalemailaddress,
        firstname = want.firstname,
        lastname = want.lastname,
      }, { expect = "replication" })
    elseif #changes > 0 then
      local patch = { domainname = want.domainname, internalemailaddress = want.internalemailaddress,
                      firstname = want.firstname, lastname = want.lastname, isdisabled = false }
      dataverse.patch("systemusers(" .. id .. ")", patch, { if_match = "*" })
    end
    for _, change in ipairs(changes) do
      if p.icon and (not user or (change.data and change.data.icon)) then
        dataverse.patch("systemusers(" .. id .. ")", { entityimage = dataverse.file_base64(p.icon) }, { if_match = "*" })
        break
      end
    end
    local row = dataverse.get("systemusers(" .. id .. ")?$select=" .. SELECT)
    return { user_id = id, user_name = row.domainname, full_name = row.fullname,
             business_unit_id = row._businessunitid_value }
  end,

  verify = function(ctx, outputs)
    local row = dataverse.get("systemusers(" .. outputs.user_id .. ")?$select=" .. SELECT)
    if row.applicationid ~= ctx.params.client_id then
      error({ code = "app_user.verify", message = "user " .. outputs.user_id .. " is bound to " .. tostring(row.applicationid) })
    end
    if row.fullname ~= ctx.params.full_name then
      error({ code = "app_user.verify", message = "full name is '" .. tostring(row.fullname) .. "', expected '" .. ctx.params.full_name .. "'" })
    end
    if ctx.params.icon and (row.entityimage_timestamp == nil or row.entityimage_timestamp == json.null) then
      error({ code = "app_user.verify", message = "the icon was not stored" })
    end
  end,
}
