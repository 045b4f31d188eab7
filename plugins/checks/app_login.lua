-- The proof: a client-credentials token made from the new secret reaches the org, and WhoAmI answers with the
-- application user. New secrets and new application users take a while to replicate, so this waits them out.
-- Read-only: its plan is always empty; it runs on apply.

local WAITING = { "oauth.invalid_client", "oauth.unknown_app", "dataverse.user_not_member" }

return {
  summary = "Prove that the new secret signs in and reaches Dataverse as the application user",
  params = {
    client_id = { type = "string", required = true, doc = "the application (client) ID" },
    secret_ref = { type = "string", required = true, doc = "name of the client secret in the secret store" },
    expected_user_id = { type = "string", required = true, doc = "systemuserid WhoAmI must answer with" },
    timeout = { type = "number", default = 600, doc = "seconds to wait for replication" },
  },
  outputs = {
    user_id = "UserId answered by WhoAmI",
    tenant_id = "tid of the token",
    organization_id = "OrganizationId answered by WhoAmI",
  },

  read = function(ctx) return {} end,

  plan = function(ctx, current) return {} end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local ref = secret.ref(p.secret_ref)
    if not ref then
      error({ code = "check.no_secret", message = "the secret store has no value named " .. p.secret_ref
        .. "; run the secret step again (it replaces a secret whose value was lost)" })
    end
    local as = { client_id = p.client_id, secret = ref }
    local token = wait.poll(function()
      return oauth.client_credentials({ client_id = p.client_id, secret = ref, resource = "dataverse" })
    end, { timeout = p.timeout, every = 2, what = "the new client secret to be accepted", retry_on = WAITING })
    local who = wait.poll(function()
      return dataverse.call("WhoAmI", nil, { as = as })
    end, { timeout = p.timeout, every = 2, what = "the application user to reach Dataverse", retry_on = WAITING })
    if who.UserId ~= p.expected_user_id then
      error({ code = "check.wrong_user", message = "WhoAmI answered with user " .. tostring(who.UserId)
        .. ", not the application user " .. p.expected_user_id })
    end
    log.info("signed in as application %s: WhoAmI is the application user %s", p.client_id, who.UserId)
    return { user_id = who.UserId, tenant_id = token.claims.tid, organization_id = who.OrganizationId }
  end,
}
