#!/usr/bin/env bash
# `make bench`: every benchmark of design §8, in one run, on a release build. Each suite writes
# bench-results/SUITE.json; this script prints them together at the end. Figures are ratios against budgets,
# measured side by side, because these machines are noisy. `scripts/bench.sh NAME` runs one suite (lua, http,
# cloud, host, runbook); the runbook suite runs the release `stepwise` binary against a twin with latency.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk"
  $sudo apt-get install -y -qq wrk >/dev/null
fi

swift build -c release --product stepwise
swift build -c release --product stepwise-bench
mkdir -p bench-results
.build/release/stepwise-bench "$@"
if [ $# -eq 0 ]; then
  STEPWISE_BIN=.build/release/stepwise scripts/bench-twin.sh
fi

echo
echo "== bench-results/"
for f in bench-results/*.json; do
  echo "-- $f"
  cat "$f"
  echo
done
