#!/usr/bin/env bash
# The demo: the Adobe Campaign runbook for the customer Contoso against a local twin of the Microsoft services.
# Starts `stepwise twin serve` in the background (stopped on exit), then: plan stage, run stage, plan stage again
# (empty), plan prod, run prod, and prints the hand-off reports and the secret store's listing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
work=$(mktemp -d)
echo "Building stepwise (the first build takes several minutes)..."
if ! swift build --product stepwise >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  rm -rf "$work"
  exit 1
fi

bin=.build/debug/stepwise
state=.stepwise/demo
info="$work/twin.json"
rm -rf "$state"

"$bin" twin serve --info "$info" >"$work/twin.log" 2>&1 &
twin=$!
stop() {
  kill "$twin" 2>/dev/null || true
  wait "$twin" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

for _ in $(seq 1 300); do
  [ -s "$info" ] && break
  kill -0 "$twin" 2>/dev/null || { cat "$work/twin.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$info" ] || { echo "demo: the twin did not start" >&2; cat "$work/twin.log" >&2; exit 1; }

stepwise() {
  echo
  echo "\$ stepwise $*"
  "$bin" "$@" --customer contoso --twin-info "$info" --state-dir "$state"
}

echo "Twin started: $(head -1 "$work/twin.log")"
stepwise plan adobe-campaign-d365 --env stage
stepwise run adobe-campaign-d365 --env stage
stepwise plan adobe-campaign-d365 --env stage
stepwise plan adobe-campaign-d365 --env prod
stepwise run adobe-campaign-d365 --env prod --yes

for env in stage prod; do
  report="$state/reports/adobe-campaign-d365/contoso/$env/handoff.md"
  echo
  echo "--- hand-off report, $env ($report)"
  cat "$report"
done

echo
echo "\$ stepwise secrets list"
"$bin" secrets list --state-dir "$state"
