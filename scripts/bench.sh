#!/usr/bin/env bash
# `make bench`: every benchmark of design §8, in one run, on a release build. Each suite writes
# bench-results/SUITE.json; this script prints them together at the end. Figures are ratios against budgets,
# measured side by side, because these machines are noisy. `scripts/bench.sh NAME` runs one suite (lua, http,
# cloud, host, runbook, instructions); the runbook suite runs the release `stepwise` binary against a twin with
# latency; instructions counts the host bench's loops with callgrind (scripts/bench-instructions.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk"
  $sudo apt-get install -y -qq wrk >/dev/null
fi
# The runbook suite reads a run's peak memory (max RSS) from GNU time, in a run it does not time.
if [ ! -x /usr/bin/time ]; then
  echo "bench: installing time"
  $sudo apt-get install -y -qq time >/dev/null
fi

# The release build a user would ship: the Swift runtime and Foundation linked in (--static-swift-stdlib), so
# the binary runs without a Swift toolchain and starts faster (fewer shared libraries to load and relocate:
# `stepwise --version` took 19.4 ms instead of 21.1 ms here, a no-op rerun about 1% less). Its own build folder,
# so switching flags never rebuilds .build/release.
build=(swift build -c release --static-swift-stdlib --build-path .build-static)
"${build[@]}" --product stepwise
"${build[@]}" --product stepwise-bench
mkdir -p bench-results
if [ "${1:-}" = instructions ]; then
  scripts/bench-instructions.sh .build-static/release/stepwise-bench
else
  .build-static/release/stepwise-bench "$@"
fi
if [ $# -eq 0 ]; then
  STEPWISE_BIN=.build-static/release/stepwise scripts/bench-twin.sh
  scripts/bench-instructions.sh .build-static/release/stepwise-bench
fi

echo
echo "== bench-results/"
for f in bench-results/*.json; do
  echo "-- $f"
  cat "$f"
  echo
done
