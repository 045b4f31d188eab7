#!/usr/bin/env bash
# Twin benchmark: requests/s and p99 of a simple Graph GET over keep-alive (wrk, 1 and 2 connections, no injected
# latency) and the start-up time of `stepwise twin serve` (process start until the info file exists; median of
# several runs). Writes bench-results/twin.json. Run from the repository root (make bench).
set -euo pipefail

BIN=${STEPWISE_BIN:-.build/release/stepwise}
DURATION=${BENCH_DURATION:-10s}
STARTS=${BENCH_STARTS:-9}
OUT=bench-results/twin.json
BUDGET_RPS=5000
BUDGET_P99_MS=5
BUDGET_START_MS=300

if [[ ! -x "$BIN" ]]; then
    echo "bench-twin: building $BIN (swift build -c release --product stepwise)" >&2
    swift build -c release --product stepwise >&2
fi
if ! command -v wrk >/dev/null; then
    echo "bench-twin: wrk is missing; install it with: apt-get install -y wrk" >&2
    exit 2
fi
for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "bench-twin: $tool is missing" >&2; exit 2; }
done

WORK=$(mktemp -d)
TWIN_PID=""
cleanup() {
    if [[ -n "$TWIN_PID" ]]; then kill "$TWIN_PID" 2>/dev/null || true; wait "$TWIN_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

# Start-up: from fork until the info file exists (the file is written after every listener is bound).
startups=()
for run in $(seq 1 "$STARTS"); do
    info="$WORK/start-$run.json"
    t0=$(now_ns)
    "$BIN" twin serve --info "$info" >/dev/null 2>&1 &
    pid=$!
    until [[ -s "$info" ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then echo "bench-twin: twin exited during start-up" >&2; exit 1; fi
        sleep 0.002
    done
    t1=$(now_ns)
    startups+=($(( (t1 - t0) / 1000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
done

# Throughput and latency against one twin.
info="$WORK/info.json"
"$BIN" twin serve --info "$info" >/dev/null 2>&1 &
TWIN_PID=$!
until [[ -s "$info" ]]; do sleep 0.01; done
read -r IDENTITY GRAPH TENANT CLIENT_ID CLIENT_SECRET < <(python3 -c '
import json, sys
i = json.load(open(sys.argv[1]))
print(i["identity"], i["graph"], i["tenant_id"], i["admin"]["client_id"], i["admin"]["client_secret"])' "$info")
TOKEN=$(curl -sS --fail "$IDENTITY/$TENANT/oauth2/v2.0/token" \
    --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode "scope=$GRAPH/.default" --data-urlencode "grant_type=client_credentials" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
URL="$GRAPH/v1.0/organization"
curl -sS --fail -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL"

# Warm up, then measure with 1 and 2 connections; also the twin's CPU time (user + system) per request, which the
# other processes on a shared machine disturb far less than requests/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$TWIN_PID/stat"; }
wrk -t1 -c1 -d2s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
c0=$(cpu_ticks)
wrk -t1 -c1 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk-1.txt"
c1=$(cpu_ticks)
wrk -t2 -c2 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk-2.txt"
c2=$(cpu_ticks)
echo "$((c1 - c0)) $((c2 - c1)) $(getconf CLK_TCK)" >"$WORK/cpu.txt"
LOAD=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p bench-results
python3 - "$WORK/wrk-1.txt" "$WORK/wrk-2.txt" "$WORK/cpu.txt" "$LOAD" "$OUT" "$BUDGET_RPS" "$BUDGET_P99_MS" "$BUDGET_START_MS" "${startups[@]}" <<'PY'
import json, re, statistics, sys, platform, os

def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def latency(label):
        match = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: (.*)", text)
    return {
        "requests_per_second": rps, "p50_ms": latency("50%"), "p99_ms": latency("99%"),
        "non_2xx": int(errors.group(1)) if errors else 0, "socket_errors": socket.group(1) if socket else None,
    }

one, two = parse(sys.argv[1]), parse(sys.argv[2])
ticks_one, ticks_two, hertz = (int(v) for v in open(sys.argv[3]).read().split())
load, out = float(sys.argv[4]), sys.argv[5]
budget_rps, budget_p99, budget_start = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
starts_ms = [int(v) / 1000 for v in sys.argv[9:]]
def requests(path):
    return int(re.search(r"(\d+) requests in", open(path).read()).group(1))
one["twin_cpu_us_per_request"] = round(ticks_one * 1e6 / hertz / requests(sys.argv[1]), 1)
two["twin_cpu_us_per_request"] = round(ticks_two * 1e6 / hertz / requests(sys.argv[2]), 1)
start_median = statistics.median(starts_ms)
best = max(one["requests_per_second"], two["requests_per_second"])
worst_p99 = max(one["p99_ms"], two["p99_ms"])
result = {
    "benchmark": "twin",
    "request": "GET /v1.0/organization with a bearer token, HTTP/1.1 keep-alive, no injected latency",
    "cpus": os.cpu_count(),
    "machine": platform.machine(),
    "load_average_1m_after": load,
    "connections_1": one,
    "connections_2": two,
    "startup_ms": {"median": start_median, "runs": starts_ms},
    "budget": {"requests_per_second": budget_rps, "p99_ms": budget_p99, "startup_ms": budget_start},
    "within_budget": {
        "requests_per_second": best >= budget_rps,
        "p99_ms": worst_p99 < budget_p99,
        "startup_ms": start_median < budget_start,
    },
}
json.dump(result, open(out, "w"), indent=2)
print(f"twin: {one['requests_per_second']:.0f} req/s (1 conn, p99 {one['p99_ms']:.2f} ms), "
      f"{two['requests_per_second']:.0f} req/s (2 conn, p99 {two['p99_ms']:.2f} ms), "
      f"{two['twin_cpu_us_per_request']} us twin CPU per request, load {load}; "
      f"start-up median {start_median:.0f} ms over {len(starts_ms)} runs -> {out}")
for key, ok in result["within_budget"].items():
    if not ok: print(f"twin: over budget: {key}", file=sys.stderr)
PY
