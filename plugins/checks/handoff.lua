-- The hand-off: what the operator types into the Adobe Campaign Standard Dynamics 365 integration setup
-- (tenant ID, client ID, client secret, org URL), written as Markdown and JSON under `.stepwise/reports/`.
-- The client secret appears only as a reference into the secret store, never as its value.

local function row(label, value)
  return string.format("| %s | %s |", label, tostring(value))
end

local function processes_text(list)
  local lines = {}
  for _, p in ipairs(list or {}) do lines[#lines + 1] = p.name .. " (" .. (p.state or "?") .. ")" end
  return table.concat(lines, "<br>")
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

  read = function(ctx) return {} end,

  plan = function(ctx, current) return {} end,

  apply = function(ctx, current, changes)
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
    return { markdown = report.write("handoff.md", md), json = report.write("handoff.json", json.encode(data)) }
  end,
}
