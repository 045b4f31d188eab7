#!/usr/bin/env bash
# Part of `make bench`: instructions per call of the host bench's two loops, counted by callgrind (valgrind), so
# that the cost of the Lua host can be compared without this machine's noise. The Lua loop is counted inside
# `HostBench.countedLuaCalls` (argument checks, the session, the transport, JSON to Lua tables, records), the
# HTTPTransport loop inside `HostBench.countedTransportCalls`; both talk to an in-process twin, which valgrind runs
# too but does not count. Writes bench-results/instructions.json. Usage: scripts/bench-instructions.sh BENCH_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:?usage: scripts/bench-instructions.sh BENCH_BINARY}
calls=1000

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v valgrind >/dev/null 2>&1; then
  echo "bench: installing valgrind"
  $sudo apt-get install -y -qq valgrind >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read the DWARF of a static Swift binary; the symbol table is enough to name functions.
strip --strip-debug -o "$work/bench" "$bench"

count() {  # count MODE FUNCTION: instructions per call collected inside FUNCTION
  local mode=$1 function=$2
  valgrind --tool=callgrind --toggle-collect="$function" --callgrind-out-file="$work/$mode.out" \
    "$work/bench" host-calls "$mode" "$calls" >"$work/$mode.log" 2>&1 || { cat "$work/$mode.log" >&2; exit 1; }
  local total
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/$mode.log")
  [ -n "$total" ] && [ "$total" -gt 0 ] || { echo "bench: callgrind collected nothing for $mode" >&2; cat "$work/$mode.log" >&2; exit 1; }
  echo "$total"
}

lua=$(count lua '*countedLuaCalls*')
transport=$(count transport '*countedTransportCalls*')
per_call() { awk -v total="$1" -v c="$calls" 'BEGIN { printf "%.0f", total / c }'; }
lua_per_call=$(per_call "$lua")
transport_per_call=$(per_call "$transport")
ratio=$(awk -v a="$lua_per_call" -v b="$transport_per_call" 'BEGIN { printf "%.3f", a / b }')
echo "instructions per graph.get (callgrind, $calls calls after a warm-up): Lua host $lua_per_call," \
  "HTTPTransport $transport_per_call; ratio ${ratio}x; the host adds $((lua_per_call - transport_per_call))"
mkdir -p bench-results
cat >bench-results/instructions.json <<JSON
{
  "suite": "instructions",
  "calls": $calls,
  "lua_per_call": $lua_per_call,
  "transport_per_call": $transport_per_call,
  "host_added_per_call": $((lua_per_call - transport_per_call)),
  "ratio": $ratio
}
JSON
