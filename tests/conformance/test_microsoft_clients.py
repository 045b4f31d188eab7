"""Microsoft's MSAL for Python and plain `requests` against a running twin (see run.sh).

These clients were written by Microsoft and others, not by Stepwise: when they work, the twin speaks the protocol.
Usage: test_microsoft_clients.py INFO_JSON
"""

import json
import sys
import uuid

import msal
import requests

TIMEOUT = 30


def check(condition, what, detail=""):
    """Fails the run with a sentence naming what did not hold (and `detail`, which must never hold a secret)."""
    if not condition:
        raise AssertionError(f"{what}: {detail}" if detail else what)
    print(f"ok: {what}")


def described(response):
    """A response for a failure message: status and the start of the body."""
    return f"HTTP {response.status_code} {response.text[:300]}"


def authority(info):
    return f"{info['identity']}/{info['tenant_id']}"


def confidential_client(info, client_id, secret):
    # MSAL validates authorities against login.microsoftonline.com unless told not to; the twin is a custom host.
    return msal.ConfidentialClientApplication(
        client_id,
        client_credential=secret,
        authority=authority(info),
        validate_authority=False,
        instance_discovery=False,
    )


def client_credentials(info):
    app = confidential_client(info, info["admin"]["client_id"], info["admin"]["client_secret"])
    graph = app.acquire_token_for_client(scopes=[f"{info['graph']}/.default"])
    check("access_token" in graph, "MSAL client credentials for Graph", graph.get("error_description"))
    check(graph.get("token_type", "").lower() == "bearer", "the Graph token is a bearer token")
    alias = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    check("access_token" in alias, "MSAL client credentials for the public Graph resource id")
    org = app.acquire_token_for_client(scopes=[f"{info['orgs']['stage']}/.default"])
    check("access_token" in org, "MSAL client credentials for the stage org", org.get("error_description"))
    cached = app.acquire_token_for_client(scopes=[f"{info['orgs']['stage']}/.default"])
    check(cached.get("token_source") == "cache", "MSAL serves the second org token from its cache")
    return graph["access_token"], org["access_token"]


def device_flow(info):
    app = msal.PublicClientApplication(
        info["public_client_id"], authority=authority(info), validate_authority=False, instance_discovery=False
    )
    flow = app.initiate_device_flow(scopes=[f"{info['orgs']['stage']}/user_impersonation"])
    check("user_code" in flow, "MSAL starts a device flow", flow.get("error_description"))
    approved = requests.post(f"{info['control']}/device/approve", json={"user_code": flow["user_code"]}, timeout=TIMEOUT)
    check(approved.status_code == 200, "the control origin approves the sign-in", described(approved))
    result = app.acquire_token_by_device_flow(flow)
    check("access_token" in result, "MSAL completes the device flow", result.get("error_description"))
    check("refresh_token" in result, "the device flow returns a refresh token")
    claims = result.get("id_token_claims") or {}
    check(claims.get("preferred_username") == info["admin_user"], "the ID token names the admin user")
    accounts = app.get_accounts()
    check(len(accounts) == 1, "MSAL caches the signed-in account")
    silent = app.acquire_token_silent([f"{info['graph']}/Application.ReadWrite.All"], account=accounts[0])
    check(silent is not None and "access_token" in silent, "MSAL redeems the refresh token for Graph silently")
    return result["access_token"]


def create_application(info, graph_token):
    headers = {"Authorization": f"Bearer {graph_token}"}
    name = f"conformance {uuid.uuid4()}"
    created = requests.post(f"{info['graph']}/v1.0/applications", json={"displayName": name}, headers=headers, timeout=TIMEOUT)
    check(created.status_code == 201, "requests creates an application", described(created))
    application = created.json()
    added = requests.post(
        f"{info['graph']}/v1.0/applications/{application['id']}/addPassword",
        json={"passwordCredential": {"displayName": "conformance"}},
        headers=headers,
        timeout=TIMEOUT,
    )
    check(added.status_code == 200, "requests adds a password", f"HTTP {added.status_code}")
    secret = added.json()["secretText"]
    principal = requests.post(
        f"{info['graph']}/v1.0/servicePrincipals", json={"appId": application["appId"]}, headers=headers, timeout=TIMEOUT
    )
    check(principal.status_code == 201, "requests creates the service principal", described(principal))
    token = confidential_client(info, application["appId"], secret).acquire_token_for_client(
        scopes=[f"{info['graph']}/.default"]
    )
    check("access_token" in token, "MSAL signs in with the new secret", token.get("error_description"))
    return application["appId"], secret


def application_user(info, org_token, app_id, secret):
    """The new app becomes a System Administrator application user of stage and calls WhoAmI with its own token."""
    api = f"{info['orgs']['stage']}/api/data/v9.2"
    headers = {"Authorization": f"Bearer {org_token}", "Accept": "application/json", "OData-MaxVersion": "4.0"}
    roots = requests.get(
        f"{api}/businessunits",
        params={"$select": "businessunitid,name", "$filter": "parentbusinessunitid eq null"},
        headers=headers,
        timeout=TIMEOUT,
    )
    check(roots.status_code == 200 and len(roots.json()["value"]) == 1, "Dataverse finds the root business unit", described(roots))
    root = roots.json()["value"][0]["businessunitid"]
    created = requests.post(
        f"{api}/systemusers",
        json={"applicationid": app_id, "businessunitid@odata.bind": f"/businessunits({root})"},
        headers=headers,
        timeout=TIMEOUT,
    )
    check(created.status_code == 204 and "OData-EntityId" in created.headers, "Dataverse creates the application user", described(created))
    user_url = created.headers["OData-EntityId"]
    roles = requests.get(
        f"{api}/roles",
        params={
            "$select": "roleid,name",
            "$filter": f"_roletemplateid_value eq 627090ff-40a3-4053-8790-584edc5be201 and _businessunitid_value eq {root}",
        },
        headers=headers,
        timeout=TIMEOUT,
    )
    check(roles.status_code == 200 and len(roles.json()["value"]) == 1, "Dataverse finds System Administrator", described(roles))
    role_id = roles.json()["value"][0]["roleid"]
    associated = requests.post(
        f"{user_url}/systemuserroles_association/$ref", json={"@odata.id": f"{api}/roles({role_id})"}, headers=headers, timeout=TIMEOUT
    )
    check(associated.status_code == 204, "Dataverse assigns the role", described(associated))
    token = confidential_client(info, app_id, secret).acquire_token_for_client(scopes=[f"{info['orgs']['stage']}/.default"])
    check("access_token" in token, "MSAL gets an org token for the new app", token.get("error_description"))
    me = requests.get(f"{api}/WhoAmI", headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=TIMEOUT)
    check(me.status_code == 200 and me.json()["UserId"] in user_url, "the new application user calls WhoAmI", described(me))


def who_am_i(info, org_token, user_token):
    url = f"{info['orgs']['stage']}/api/data/v9.2/WhoAmI"
    headers = {"Accept": "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0", "If-None-Match": "null"}
    app = requests.get(url, headers={**headers, "Authorization": f"Bearer {org_token}"}, timeout=TIMEOUT)
    check(app.status_code == 200, "Dataverse WhoAmI with the app's org token", described(app))
    check(app.headers.get("OData-Version") == "4.0", "Dataverse answers with OData-Version 4.0")
    check("UserId" in app.json(), "WhoAmI names the application user")
    user = requests.get(url, headers={**headers, "Authorization": f"Bearer {user_token}"}, timeout=TIMEOUT)
    check(user.status_code == 200, "Dataverse WhoAmI with the delegated token", described(user))
    check(user.json()["UserId"] != app.json()["UserId"], "the delegated caller is a different Dataverse user")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        info = json.load(handle)
    print(f"msal {msal.__version__}, requests {requests.__version__}")
    graph_token, org_token = client_credentials(info)
    user_token = device_flow(info)
    who_am_i(info, org_token, user_token)
    app_id, secret = create_application(info, graph_token)
    application_user(info, org_token, app_id, secret)
    print("conformance: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"conformance FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
