-- Contoso's own step: the application user is a member of an owner team (created in the root business unit
-- when missing, marked as Stepwise's in its description).
local odata = require "lib.odata"
local plan = require "lib.plan"

local function find_team(name)
  local rows = dataverse.list("teams?$select=teamid,name,description,teamtype&$filter=name eq " .. odata.string(name)
    .. "&$expand=teammembership_association($select=systemuserid)")
  return rows[1]
end

local function is_member(team, user_id)
  for _, u in ipairs(team.teammembership_association or {}) do
    if u.systemuserid == user_id then return true end
  end
  return false
end

return {
  summary = "Add the application user to Contoso's integration owner team",
  params = {
    user_id = { type = "string", required = true, doc = "systemuserid of the application user" },
    team = { type = "string", required = true, doc = "name of the owner team" },
  },
  outputs = { team_id = "teamid of the team" },

  read = function(ctx)
    return { team = find_team(ctx.params.team) }
  end,

  plan = function(ctx, current)
    local p = ctx.params
    local changes = {}
    if not current.team then
      changes[#changes + 1] = plan.change("create", "owner team '" .. p.team .. "'", "in the root business unit")
    end
    if not current.team or ctx.unknown(p.user_id) or not is_member(current.team, p.user_id) then
      changes[#changes + 1] = plan.change("assign", "membership of '" .. p.team .. "'", "the application user")
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local team_id = current.team and current.team.teamid
    if not team_id then
      local root = dataverse.list("businessunits?$select=businessunitid&$filter=parentbusinessunitid eq null")[1]
      team_id = dataverse.create("teams", {
        name = p.team, teamtype = 0, description = "Managed by Stepwise (" .. ctx.marker .. ")",
        ["businessunitid@odata.bind"] = "/businessunits(" .. root.businessunitid .. ")",
      })
    end
    if not current.team or not is_member(current.team, p.user_id) then
      local ok, err = pcall(dataverse.associate, "teams", team_id, "teammembership_association", "systemusers", p.user_id)
      if not ok and not (type(err) == "table" and err.code == "dataverse.duplicate") then error(err, 0) end
    end
    return { team_id = team_id }
  end,

  verify = function(ctx, outputs)
    local team = find_team(ctx.params.team)
    if not team or not is_member(team, ctx.params.user_id) then
      error({ code = "team.verify", message = "the application user is not a member of " .. ctx.params.team })
    end
  end,
}
