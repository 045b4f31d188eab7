-- Step 7 of the Adobe guide: the processes "Adobe Campaign Email Bounce" and "Adobe Campaign Email Click" are
-- owned by the application user and activated. Dataverse refuses to assign an activated process and to mix a
-- state change with other fields, so each one is deactivated, assigned and reactivated in separate requests.
-- A process already owned by the app user and active is left alone.
local odata = require "lib.odata"
local plan = require "lib.plan"

local ACTIVATED, DRAFT = 1, 0

local function find_process(name)
  local rows = dataverse.list("workflows?$select=workflowid,name,statecode,statuscode,_ownerid_value"
    .. "&$filter=name eq " .. odata.string(name) .. " and type eq 1 and category eq 0")
  if #rows > 1 then
    error({ code = "process.ambiguous", message = #rows .. " process definitions are named '" .. name .. "'" })
  end
  return rows[1]
end

local function in_sync(process, owner_id)
  return process._ownerid_value == owner_id and process.statecode == ACTIVATED
end

local function set_state(id, state)
  dataverse.patch("workflows(" .. id .. ")", { statecode = state, statuscode = state == ACTIVATED and 2 or 1 },
    { if_match = "*" })
end

return {
  summary = "Make the application user the owner of the Adobe processes and reactivate them",
  params = {
    owner_id = { type = "string", required = true, doc = "systemuserid of the new owner (the application user)" },
    processes = { type = "list", default = { "Adobe Campaign Email Bounce", "Adobe Campaign Email Click" },
                  doc = "names of the process definitions" },
  },
  outputs = {
    owner_id = "systemuserid of the owner",
    processes = "each process: name, workflowid, state",
  },

  read = function(ctx)
    local current = {}
    for _, name in ipairs(ctx.params.processes) do
      current[#current + 1] = { name = name, row = find_process(name) }
    end
    return current
  end,

  plan = function(ctx, current)
    local owner = ctx.params.owner_id
    local changes = {}
    for _, process in ipairs(current) do
      local row = process.row
      local target = "process '" .. process.name .. "'"
      if not row then
        changes[#changes + 1] = plan.change("assign", target, "once the solution is installed: owner, then activate",
          { name = process.name })
      elseif ctx.unknown(owner) or not in_sync(row, owner) then
        local steps = {}
        if row.statecode == ACTIVATED and row._ownerid_value ~= owner then steps[#steps + 1] = "deactivate" end
        if row._ownerid_value ~= owner then steps[#steps + 1] = "assign to the application user" end
        steps[#steps + 1] = "activate"
        changes[#changes + 1] = plan.change("assign", target, table.concat(steps, ", "), { name = process.name })
      end
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local owner = ctx.params.owner_id
    local result = json.array({})
    for _, process in ipairs(current) do
      local row = process.row or find_process(process.name)
      if not row then
        error({ code = "process.not_found", message = "no process definition named '" .. process.name
          .. "' in " .. dataverse.org_url() .. "; is the Adobe Campaign solution installed?" })
      end
      if not in_sync(row, owner) then
        if row._ownerid_value ~= owner then
          if row.statecode == ACTIVATED then set_state(row.workflowid, DRAFT) end
          dataverse.patch("workflows(" .. row.workflowid .. ")",
            { ["ownerid@odata.bind"] = "/systemusers(" .. owner .. ")" }, { if_match = "*" })
        end
        set_state(row.workflowid, ACTIVATED)
        log.info("process '%s' now owned by the application user and activated", process.name)
      end
      result[#result + 1] = { name = process.name, workflowid = row.workflowid, state = "activated" }
    end
    return { owner_id = owner, processes = result }
  end,

  verify = function(ctx, outputs)
    for _, name in ipairs(ctx.params.processes) do
      local row = find_process(name)
      if not row or not in_sync(row, outputs.owner_id) then
        error({ code = "process.verify", message = "process '" .. name .. "' is not activated and owned by the application user" })
      end
    end
  end,
}
