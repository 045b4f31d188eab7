local t = require "lib.testing"

function test_resolves_the_domain_to_the_tenant_id()
  local info = twin.info()
  local result = t.run("entra.tenant", t.ctx{ step = "tenant", params = { domain = info.tenant_domain } })
  t.eq(result.status, "unchanged")
  t.eq(#result.changes, 0)
  t.eq(result.outputs.tenant_id, info.tenant_id)
  t.eq(result.outputs.domain, info.tenant_domain)
end

function test_accepts_the_tenant_guid_and_any_case()
  local info = twin.info()
  t.eq(t.run("entra.tenant", t.ctx{ params = { domain = info.tenant_id } }).outputs.tenant_id, info.tenant_id)
  t.eq(t.run("entra.tenant", t.ctx{ params = { domain = info.tenant_domain:upper() } }).outputs.tenant_id, info.tenant_id)
end

function test_plan_mode_already_knows_the_tenant_and_sends_no_token()
  local mark = t.mark()
  local result = t.plan("entra.tenant", t.ctx{ params = { domain = twin.info().tenant_domain } })
  t.eq(#result.changes, 0)
  t.eq(result.outputs.tenant_id, twin.info().tenant_id)
  for _, request in ipairs(t.requests(mark)) do
    t.eq(request.authorization, json.null, "the OpenID configuration is read anonymously")
  end
end

function test_an_unknown_domain_is_refused()
  local err = t.errors(function()
    t.run("entra.tenant", t.ctx{ step = "tenant", params = { domain = "nobody.example.org" } })
  end, "oauth.unknown_tenant")
  t.eq(err.phase, "read")
  t.contains(err.message, "step tenant (entra.tenant) read:")
end
