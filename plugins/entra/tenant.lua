-- Step 5 of the Adobe guide: "find your tenant ID". Resolved from the customer's domain through the
-- anonymous OpenID configuration of the cloud's authority, so it works before any sign-in.
local odata = require "lib.odata"

return {
  summary = "Find the tenant ID of the customer's domain",
  params = {
    domain = { type = "string", required = true, doc = "a verified domain of the tenant, or its GUID" },
  },
  outputs = {
    tenant_id = "Directory (tenant) ID",
    domain = "the domain it was resolved from",
  },

  read = function(ctx)
    local tenant_id = oauth.tenant_id(ctx.params.domain)
    return { tenant_id = tenant_id }
  end,

  plan = function(ctx, current)
    return {}
  end,

  apply = function(ctx, current, changes)
    return { tenant_id = current.tenant_id, domain = ctx.params.domain }
  end,

  verify = function(ctx, outputs)
    if not odata.is_guid(outputs.tenant_id) then
      error({ code = "tenant.invalid", message = "tenant ID '" .. tostring(outputs.tenant_id) .. "' is not a GUID" })
    end
    if odata.is_guid(ctx.params.domain) and ctx.params.domain:lower() ~= outputs.tenant_id:lower() then
      error({ code = "tenant.mismatch",
              message = "the authority answered for tenant " .. outputs.tenant_id .. ", not " .. ctx.params.domain })
    end
  end,
}
