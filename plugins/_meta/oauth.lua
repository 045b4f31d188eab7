---@meta oauth
-- Sign-in primitives for checks. Tokens never reach Lua: only their claims do.

oauth = {}

---@class TokenInfo
---@field claims table decoded (unverified) claims: `aud`, `tid`, `appid`, `oid`, `roles`, `exp`, ...
---@field expires_on integer Unix time

--- A client-credentials token for `resource` ("graph", "dataverse", "powerplatform" or an origin URL) as the
--- given application. The secret is passed by reference. `expect = "replication"` retries AADSTS700016/7000215
--- for a just-created secret. `tenant` defaults to the runner's tenant. Every call asks the token endpoint
--- (nothing is cached), so it proves the secret works now. A token request is not a write: allowed in plan mode.
---@param args {client_id: string, secret: SecretRef|SecretHandle, resource: string, tenant?: string, expect?: "replication"}
---@return TokenInfo
function oauth.client_credentials(args) end

--- The tenant ID (GUID) of a verified domain, from the anonymous OpenID configuration of the authority.
--- Raises `oauth.unknown_tenant` (AADSTS90002) when the domain is not a tenant of this cloud.
---@param domain string
---@return string tenant_id
---@return {tenant_id: string, cloud_instance_name?: string, tenant_region_scope?: string} configuration what the
---  OpenID configuration says about the tenant
function oauth.tenant_id(domain) end
