-- Contoso's overlay of the Adobe Campaign runbook: its tenant and orgs, a shorter secret lifetime (its security
-- policy), and one extra step of its own: the application user joins Contoso's "Adobe Campaign Integrations"
-- owner team, which its Dynamics admins use to audit integration accounts.
return {
  extends = "adobe-campaign-d365",
  customer = "contoso",

  environments = {
    stage = { tenant = "contoso.onmicrosoft.com", org = "https://contoso-stage.crm4.dynamics.com" },
    prod = { tenant = "contoso.onmicrosoft.com", org = "https://contoso.crm4.dynamics.com" },
  },

  params = {
    secret_lifetime_days = 180,
  },

  plugin_paths = { "contoso/plugins" },

  insert = {
    { after = "role", step = {
        id = "team", uses = "contoso.team_membership",
        with = { user_id = "${outputs.app_user.user_id}", team = "Adobe Campaign Integrations" },
    } },
  },
}
