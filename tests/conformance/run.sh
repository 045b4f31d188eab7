#!/usr/bin/env bash
# Third-party conformance: Microsoft's MSAL for Python and plain `requests` against `stepwise twin serve --tls`.
#
# Idempotent and self-contained: creates (or reuses) a virtual environment in .venv-conformance/, builds the
# stepwise binary if needed, starts a twin on random ports, runs test_microsoft_clients.py and stops the twin.
# Usage: tests/conformance/run.sh            (from anywhere; exits non-zero when a check fails)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv-conformance"
MSAL_VERSION="${MSAL_VERSION:-1.39.0}"
REQUESTS_VERSION="${REQUESTS_VERSION:-2.34.2}"
SWIFT="${SWIFT:-swift}"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import msal, requests, sys; sys.exit(0 if msal.__version__ == '$MSAL_VERSION' else 1)" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "msal==$MSAL_VERSION" "requests==$REQUESTS_VERSION"
fi

if ! BUILD_LOG="$(cd "$ROOT" && "$SWIFT" build --product stepwise 2>&1)"; then
    echo "$BUILD_LOG" >&2
    echo "conformance: swift build --product stepwise failed" >&2
    exit 1
fi
BIN="$(cd "$ROOT" && "$SWIFT" build --show-bin-path)/stepwise"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/stepwise-conformance.XXXXXX")"
TWIN_PID=""
cleanup() {
    if [ -n "$TWIN_PID" ] && kill -0 "$TWIN_PID" 2>/dev/null; then
        kill "$TWIN_PID" 2>/dev/null || true
        wait "$TWIN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" twin serve --tls --info "$WORK/info.json" >"$WORK/twin.log" 2>&1 &
TWIN_PID=$!
for _ in $(seq 1 300); do
    [ -s "$WORK/info.json" ] && break
    if ! kill -0 "$TWIN_PID" 2>/dev/null; then
        echo "conformance: the twin exited before it was ready:" >&2
        cat "$WORK/twin.log" >&2
        exit 1
    fi
    sleep 0.2
done
[ -s "$WORK/info.json" ] || { echo "conformance: the twin wrote no info file within 60 s" >&2; exit 1; }

# Some machines set REQUESTS_CA_BUNDLE / SSL_CERT_FILE globally, overriding a client's own `verify=`: point both at
# a bundle holding the public roots and the twin's CA.
CA_FILE="$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["ca_file"])' "$WORK/info.json")"
ROOTS="$("$VENV/bin/python" -c 'import certifi; print(certifi.where())')"
cat "$ROOTS" "$CA_FILE" >"$WORK/ca-bundle.pem"
export REQUESTS_CA_BUNDLE="$WORK/ca-bundle.pem"
export SSL_CERT_FILE="$WORK/ca-bundle.pem"

"$VENV/bin/python" "$ROOT/tests/conformance/test_microsoft_clients.py" "$WORK/info.json"
