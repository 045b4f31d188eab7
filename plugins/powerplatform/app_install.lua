-- Step 6 of the Adobe guide: the "Adobe Campaign Standard for Dynamics 365" solution is installed in the org.
-- Installed through the Power Platform API (application packages) and polled to completion; when the API is not
-- allowed for the runner, a manual gate asks the operator to install it from AppSource. Either way the step
-- ends by seeing the solution in Dataverse.
local odata = require "lib.odata"
local plan = require "lib.plan"

local function find_solution(unique_name)
  local rows = dataverse.list("solutions?$select=solutionid,uniquename,friendlyname,version,ismanaged,installedon"
    .. "&$filter=uniquename eq " .. odata.string(unique_name))
  return rows[1]
end

local function find_package(environment_id, unique_name)
  for _, pkg in ipairs(powerplatform.packages(environment_id)) do
    if pkg.uniqueName == unique_name then return pkg end
  end
  return nil
end

return {
  summary = "Install (or verify) the Adobe Campaign Standard for Dynamics 365 solution",
  params = {
    solution_unique_name = { type = "string", required = true, doc = "unique name of the solution in Dataverse" },
    package_unique_name = { type = "string", required = true, doc = "unique name of the application package" },
    display_name = { type = "string", default = "Adobe Campaign Standard for Dynamics 365", doc = "name shown to the operator" },
    use_api = { type = "boolean", default = true, doc = "install through the Power Platform API (else a manual gate)" },
    timeout = { type = "number", default = 1800, doc = "seconds to wait for the installation" },
  },
  outputs = {
    solution_id = "solutionid in Dataverse",
    version = "installed version",
  },

  read = function(ctx)
    return { solution = find_solution(ctx.params.solution_unique_name) }
  end,

  plan = function(ctx, current)
    local p = ctx.params
    if current.solution then return {} end
    local how = p.use_api and ("install package " .. p.package_unique_name .. " through the Power Platform API")
      or "manual: the operator installs it from AppSource"
    return { plan.change(p.use_api and "create" or "manual", "solution '" .. p.display_name .. "'", how) }
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local solution = current.solution
    if not solution then
      local manual = not p.use_api
      if p.use_api then
        local environment_id = powerplatform.environment_id()
        local pkg = find_package(environment_id, p.package_unique_name)
        if not pkg then
          error({ code = "solution.unavailable", message = string.format(
            "the application package %s is not available in environment %s; check the AppSource offer and the "
            .. "environment's region, or install '%s' by hand", p.package_unique_name, environment_id, p.display_name) })
        end
        -- An install already running (a run that died after asking for it) is waited for, not started again.
        local ok, err = true, nil
        if pkg.state == "Installing" then
          log.info("package %s is already installing; waiting for it", p.package_unique_name)
        else
          ok, err = pcall(powerplatform.install, environment_id, p.package_unique_name, { timeout = p.timeout })
        end
        if not ok then
          if type(err) == "table" and err.code == "powerplatform.forbidden" then
            log.warn("the Power Platform API refused the installation (%s); asking the operator", err.message)
            manual = true
          else
            error(err, 0)
          end
        end
      end
      if manual then
        gate(string.format("Install '%s' in %s from AppSource (Power Platform admin center > Environments > %s > "
          .. "Dynamics 365 apps > Install app), then continue.", p.display_name, dataverse.org_url(), ctx.env.name))
      end
      solution = wait.poll(function() return find_solution(p.solution_unique_name) end,
        { timeout = p.timeout, every = 2, what = "solution " .. p.solution_unique_name .. " in Dataverse" })
    end
    return { solution_id = solution.solutionid, version = solution.version }
  end,

  verify = function(ctx, outputs)
    local solution = find_solution(ctx.params.solution_unique_name)
    if not solution then
      error({ code = "solution.verify", message = "solution " .. ctx.params.solution_unique_name .. " is not installed" })
    end
  end,
}
