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


def check(condition, what):
    """Fails the run with a sentence naming what did not hold."""
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


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
    check("access_token" in graph, f"MSAL client credentials for Graph ({graph.get('error_description', 'token')})")
    check(graph.get("token_type", "").lower() == "bearer", "the Graph token is a bearer token")
    alias = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
    check("access_token" in alias, "MSAL client credentials for the public Graph resource id")
    org = app.acquire_token_for_client(scopes=[f"{info['orgs']['stage']}/.default"])
    check("access_token" in org, f"MSAL client credentials for the stage org ({org.get('error_description', 'token')})")
    cached = app.acquire_token_for_client(scopes=[f"{info['orgs']['stage']}/.default"])
    check(cached.get("token_source") == "cache", "MSAL serves the second org token from its cache")
    return graph["access_token"], org["access_token"]


def device_flow(info):
    app = msal.PublicClientApplication(
        info["public_client_id"], authority=authority(info), validate_authority=False, instance_discovery=False
    )
    flow = app.initiate_device_flow(scopes=[f"{info['orgs']['stage']}/user_impersonation"])
    check("user_code" in flow, f"MSAL starts a device flow ({flow.get('error_description', 'user code issued')})")
    approved = requests.post(f"{info['control']}/device/approve", json={"user_code": flow["user_code"]}, timeout=TIMEOUT)
    check(approved.status_code == 200, f"the control origin approves the sign-in ({approved.status_code})")
    result = app.acquire_token_by_device_flow(flow)
    check("access_token" in result, f"MSAL completes the device flow ({result.get('error_description', 'token')})")
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
    check(created.status_code == 201, f"requests creates an application ({created.status_code} {created.text[:200]})")
    application = created.json()
    added = requests.post(
        f"{info['graph']}/v1.0/applications/{application['id']}/addPassword",
        json={"passwordCredential": {"displayName": "conformance"}},
        headers=headers,
        timeout=TIMEOUT,
    )
    check(added.status_code == 200, f"requests adds a password ({added.status_code} {added.text[:200]})")
    secret = added.json()["secretText"]
    principal = requests.post(
        f"{info['graph']}/v1.0/servicePrincipals", json={"appId": application["appId"]}, headers=headers, timeout=TIMEOUT
    )
    check(principal.status_code == 201, f"requests creates the service principal ({principal.status_code})")
    token = confidential_client(info, application["appId"], secret).acquire_token_for_client(
        scopes=[f"{info['graph']}/.default"]
    )
    check("access_token" in token, f"MSAL signs in with the new secret ({token.get('error_description', 'token')})")


def who_am_i(info, org_token, user_token):
    url = f"{info['orgs']['stage']}/api/data/v9.2/WhoAmI"
    headers = {"Accept": "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0", "If-None-Match": "null"}
    app = requests.get(url, headers={**headers, "Authorization": f"Bearer {org_token}"}, timeout=TIMEOUT)
    check(app.status_code == 200, f"Dataverse WhoAmI with the app's org token ({app.status_code} {app.text[:200]})")
    check(app.headers.get("OData-Version") == "4.0", "Dataverse answers with OData-Version 4.0")
    check("UserId" in app.json(), "WhoAmI names the application user")
    user = requests.get(url, headers={**headers, "Authorization": f"Bearer {user_token}"}, timeout=TIMEOUT)
    check(user.status_code == 200, f"Dataverse WhoAmI with the delegated token ({user.status_code})")
    check(user.json()["UserId"] != app.json()["UserId"], "the delegated caller is a different Dataverse user")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        info = json.load(handle)
    print(f"msal {msal.__version__}, requests {requests.__version__}")
    graph_token, org_token = client_credentials(info)
    user_token = device_flow(info)
    who_am_i(info, org_token, user_token)
    create_application(info, graph_token)
    print("conformance: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"conformance FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
