-- The hand-off: what the operator types into the Adobe Campaign Standard Dynamics 365 integration setup
-- (tenant ID, client ID, client secret, org URL), written as Markdown and JSON under `.stepwise/reports/`.
-- The client secret appears only as a reference into the secret store, never as its value. The report is a
-- change like any other: planned when it is missing or differs, so a rerun after an apply plans nothing.
local plan = require "lib.plan"

local function row(label, value)
  return string.format("| %s | %s |", label, tostring(value))
end

local function processes_text(list)
  local lines = {}
  for _, p in ipairs(list or {}) do lines[#lines + 1] = p.name .. " (" .. (p.state or "?") .. ")" end
  return table.concat(lines, "<br>")
end

-- Whether a parameter (or anything inside one) is only known after apply.
local function has_unknown(ctx, value)
  if ctx.unknown(value) then return true end
  if type(value) == "table" or (type(value) == "userdata" and value ~= json.null) then
    for _, v in pairs(value) do
      if has_unknown(ctx, v) then return true end
    end
  end
  return false
end

-- The Markdown and JSON texts of the report.
local function render(ctx)
  local p = ctx.params
  local org = dataverse.org_url()
  local data = {
    runbook = ctx.runbook, customer = ctx.customer, environment = ctx.env.name,
    tenant_id = p.tenant_id, client_id = p.client_id, application = p.app_name,
    client_secret = { reference = p.secret_ref, key_id = p.key_id, expires = p.expires,
                      reveal = "stepwise secrets list --reveal " .. p.secret_ref },
    dynamics_url = org, application_user = { user_name = p.app_user, id = p.app_user_id, role = p.role },
    processes = p.processes or json.array({}), verified_as = p.verified_as,
  }
  local md = table.concat({
    "# Adobe Campaign Standard: Dynamics 365 integration settings (" .. ctx.env.name .. ", " .. ctx.customer .. ")",
    "",
    "Enter these in Adobe Campaign Standard's Microsoft Dynamics 365 integration setup.",
    "",
    "| Setting | Value |",
    "|---|---|",
    row("Tenant ID", p.tenant_id),
    row("Client ID (application)", p.client_id .. " (" .. p.app_name .. ")"),
    row("Client secret", "secret store entry `" .. p.secret_ref .. "` (key " .. p.key_id .. ", expires " .. p.expires .. ")"),
    row("Dynamics 365 URL", org),
    row("Application user", p.app_user .. " (" .. p.app_user_id .. ")" .. (p.role and (", " .. p.role) or "")),
    row("Processes owned by the application user", processes_text(p.processes)),
    row("Sign-in verified", p.verified_as and ("WhoAmI answered " .. p.verified_as) or "not checked"),
    "",
    "The secret's value is never written here. To read it on purpose: `stepwise secrets list --reveal "
      .. p.secret_ref .. "`.",
    "",
  }, "\n")
  return md, json.encode(data)
end

return {
  summary = "Write the hand-off report for the Adobe integration setup",
  params = {
    tenant_id = { type = "string", required = true, doc = "Directory (tenant) ID" },
    client_id = { type = "string", required = true, doc = "Application (client) ID" },
    app_name = { type = "string", required = true, doc = "application display name" },
    secret_ref = { type = "string", required = true, doc = "name of the client secret in the secret store" },
    key_id = { type = "string", required = true, doc = "key ID of the client secret" },
    expires = { type = "string", required = true, doc = "expiry of the client secret" },
    app_user = { type = "string", required = true, doc = "user name of the application user" },
    app_user_id = { type = "string", required = true, doc = "systemuserid of the application user" },
    role = { type = "string", doc = "security role of the application user" },
    processes = { type = "list", doc = "processes owned by the application user" },
    verified_as = { type = "string", doc = "UserId WhoAmI answered with" },
  },
  outputs = {
    markdown = "path of the Markdown report",
    json = "path of the JSON report",
  },

  read = function(ctx)
    if has_unknown(ctx, ctx.params) then return { pending = true } end
    local markdown, data = render(ctx)
    local current_markdown, markdown_path = report.read("handoff.md")
    local current_json, json_path = report.read("handoff.json")
    return { markdown = markdown, json = data, markdown_path = markdown_path, json_path = json_path,
             written = current_markdown == markdown and current_json == data, exists = current_markdown ~= nil }
  end,

  plan = function(ctx, current)
    if current.pending then
      return { plan.change("create", "hand-off report handoff.md, handoff.json", "written once the earlier steps have run") }
    end
    if current.written then return {} end
    return { plan.change(current.exists and "update" or "create", "hand-off report handoff.md, handoff.json",
      "for " .. ctx.env.name .. " (" .. ctx.customer .. ")") }
  end,

  apply = function(ctx, current, changes)
    if #changes == 0 then return { markdown = current.markdown_path, json = current.json_path } end
    return { markdown = report.write("handoff.md", current.markdown), json = report.write("handoff.json", current.json) }
  end,

  verify = function(ctx, outputs)
    local markdown = report.read("handoff.md")
    if not markdown or not markdown:find(ctx.params.client_id, 1, true) then
      error({ code = "handoff.verify", message = "the hand-off report does not name the client ID " .. ctx.params.client_id })
    end
  end,
}
