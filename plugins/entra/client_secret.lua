-- Step 2 of the Adobe guide: a client secret, whose value "cannot be retrieved afterwards". The value reaches
-- Lua only as a secret handle and goes to the secret store the moment it arrives. Secrets this runbook made
-- carry the ownership marker as their display name. A secret of ours whose value the store does not hold
-- (the run died between addPassword and the store) is an orphan: it is removed and replaced, so exactly one
-- usable secret remains. Rotation adds the new secret, proves it signs in, then removes the old one.
local time = require "lib.time"
local plan = require "lib.plan"

local DAY = 86400

local function store_name(ctx)
  return ctx.params.store_name or (ctx.runbook .. "/" .. ctx.customer .. "/" .. ctx.env.name .. "/client-secret")
end

local function short(cred)
  return string.format("%s… (key %s)", cred.hint or "", cred.keyId)
end

return {
  summary = "Create the client secret and put its value straight into the secret store",
  params = {
    application_object_id = { type = "string", required = true, doc = "object ID of the application" },
    client_id = { type = "string", required = true, doc = "client ID of the application (to prove a rotated secret)" },
    lifetime_days = { type = "integer", default = 365, doc = "days until the secret expires" },
    renew_days = { type = "integer", default = 30, doc = "rotate when the secret expires within this many days" },
    store_name = { type = "string", doc = "name in the secret store (default <runbook>/<customer>/<env>/client-secret)" },
  },
  outputs = {
    secret_ref = "name of the secret in the store",
    key_id = "key ID of the secret in Entra",
    hint = "first characters of the value, as Entra shows them",
    expires = "expiry (ISO-8601 UTC)",
  },

  read = function(ctx)
    local p = ctx.params
    local stored = secret.ref(store_name(ctx))
    if ctx.unknown(p.application_object_id) then return { stored = stored, ours = {} } end
    local app = graph.get("/applications/" .. p.application_object_id .. "?$select=id,displayName,passwordCredentials",
      { expect = "replication" })
    local current = { app = app, stored = stored, ours = {}, orphans = {} }
    for _, cred in ipairs(app.passwordCredentials or {}) do
      if cred.displayName == ctx.marker then
        current.ours[#current.ours + 1] = cred
        if stored and stored.key_id == cred.keyId then
          current.usable = cred
        else
          current.orphans[#current.orphans + 1] = cred
        end
      end
    end
    return current
  end,

  plan = function(ctx, current)
    local p = ctx.params
    local changes = {}
    local usable = current.usable
    local expires_at = usable and time.parse(usable.endDateTime)
    local renew = usable and (ctx.rotate_secret or (expires_at and expires_at - time.now() < p.renew_days * DAY))
    if not usable or renew then
      changes[#changes + 1] = plan.change("create", "client secret",
        "expires " .. time.iso(time.now() + p.lifetime_days * DAY):sub(1, 10)
          .. (renew and ", then the current one is removed" or ""), { rotate = renew and true or false })
    end
    for _, cred in ipairs(current.orphans or {}) do
      changes[#changes + 1] = plan.change("delete", "client secret " .. short(cred), "its value is not in the secret store",
        { key_id = cred.keyId })
    end
    return changes
  end,

  apply = function(ctx, current, changes)
    local p = ctx.params
    local name = store_name(ctx)
    local app_path = "/applications/" .. p.application_object_id
    local result = current.usable
    local ref = current.stored
    local rotate_from
    for _, change in ipairs(changes) do
      if change.action == "create" then
        rotate_from = change.data.rotate and current.usable or nil
        local cred = graph.post(app_path .. "/addPassword", {
          passwordCredential = { displayName = ctx.marker, endDateTime = time.iso(time.now() + p.lifetime_days * DAY) },
        }, { expect = "replication" })
        ref = secret.store(name, cred.secretText, { key_id = cred.keyId, hint = cred.hint, expires = cred.endDateTime })
        result = cred
        log.info("client secret %s stored as %s", short(cred), name)
      end
    end
    if rotate_from then
      oauth.client_credentials({ client_id = p.client_id, secret = ref, resource = "graph", expect = "replication" })
      graph.post(app_path .. "/removePassword", { keyId = rotate_from.keyId })
      log.info("rotated: removed the previous client secret %s", short(rotate_from))
    end
    for _, change in ipairs(changes) do
      if change.action == "delete" then
        graph.post(app_path .. "/removePassword", { keyId = change.data.key_id })
      end
    end
    return { secret_ref = name, key_id = result.keyId, hint = result.hint, expires = result.endDateTime }
  end,

  verify = function(ctx, outputs)
    local app = graph.get("/applications/" .. ctx.params.application_object_id .. "?$select=passwordCredentials",
      { expect = "replication" })
    local ours = 0
    for _, cred in ipairs(app.passwordCredentials or {}) do
      if cred.displayName == ctx.marker then
        ours = ours + 1
        if cred.keyId ~= outputs.key_id then
          error({ code = "secret.verify", message = "an extra client secret of ours remains: " .. short(cred) })
        end
      end
    end
    if ours ~= 1 then
      error({ code = "secret.verify", message = "expected exactly one client secret of ours, found " .. ours })
    end
  end,
}
