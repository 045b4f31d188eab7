-- Configure Microsoft Dynamics 365 for the integration with Adobe Campaign Standard.
-- Adobe's guide: experienceleague.adobe.com, Campaign Standard > Integrating > "Configure Microsoft Dynamics
-- 365 for the integration with Adobe Campaign Standard". One step per documented action, for stage and prod.
-- Tenant and org come from a customer overlay (runbooks/customers/*.lua) or from the twin (`--twin`).
return {
  name = "adobe-campaign-d365",
  summary = "Configure Microsoft Dynamics 365 for the integration with Adobe Campaign Standard",

  params = {
    app_name = { type = "string", default = "adobe campaign ${env}", doc = "Entra application name" },
    user_full_name = { type = "string", default = "Adobe API ${env}", doc = "full name of the application user" },
    icon = { type = "string", default = "assets/adobe-campaign-icon.png", doc = "icon of the application user" },
    secret_lifetime_days = { type = "integer", default = 365, doc = "lifetime of the client secret" },
    admin_consent = { type = "boolean", default = false, doc = "grant admin consent for user_impersonation" },
    solution_unique_name = { type = "string", default = "AdobeCampaignStandard", doc = "the Adobe solution in Dataverse" },
    package_unique_name = { type = "string", default = "AdobeCampaignStandardForD365", doc = "its application package" },
    install_through_api = { type = "boolean", default = true, doc = "install the solution through the Power Platform API" },
  },

  environments = {
    stage = {},
    prod = { confirm = true },
  },

  steps = {
    { id = "tenant", uses = "entra.tenant", with = { domain = "${env.tenant}" } },
    { id = "app", uses = "entra.app_registration", with = { display_name = "${params.app_name}" } },
    { id = "permission", uses = "entra.api_permission", with = {
        application_object_id = "${outputs.app.object_id}",
        client_sp_id = "${outputs.app.sp_id}",
        admin_consent = "${params.admin_consent}",
    } },
    { id = "secret", uses = "entra.client_secret", with = {
        application_object_id = "${outputs.app.object_id}",
        client_id = "${outputs.app.client_id}",
        lifetime_days = "${params.secret_lifetime_days}",
    } },
    { id = "app_user", uses = "dataverse.application_user", with = {
        client_id = "${outputs.app.client_id}",
        full_name = "${params.user_full_name}",
        icon = "${params.icon}",
    } },
    { id = "role", uses = "dataverse.security_role", with = { user_id = "${outputs.app_user.user_id}" } },
    { id = "solution", uses = "powerplatform.app_install", with = {
        solution_unique_name = "${params.solution_unique_name}",
        package_unique_name = "${params.package_unique_name}",
        use_api = "${params.install_through_api}",
    } },
    { id = "processes", uses = "dataverse.process_owner", with = {
        owner_id = "${outputs.app_user.user_id}",
        processes = { "Adobe Campaign Email Bounce", "Adobe Campaign Email Click" },
    } },
    { id = "verify", uses = "checks.app_login", with = {
        client_id = "${outputs.app.client_id}",
        secret_ref = "${outputs.secret.secret_ref}",
        expected_user_id = "${outputs.app_user.user_id}",
    } },
    { id = "handoff", uses = "checks.handoff", with = {
        tenant_id = "${outputs.tenant.tenant_id}",
        client_id = "${outputs.app.client_id}",
        app_name = "${outputs.app.display_name}",
        secret_ref = "${outputs.secret.secret_ref}",
        key_id = "${outputs.secret.key_id}",
        expires = "${outputs.secret.expires}",
        app_user = "${outputs.app_user.user_name}",
        app_user_id = "${outputs.app_user.user_id}",
        role = "${outputs.role.role_name}",
        processes = "${outputs.processes.processes}",
        verified_as = "${outputs.verify.user_id}",
    } },
  },
}
