#!/usr/bin/env bash
# The states variant's cost at 20 hosts x 100 messages (issue 20): 20 paired, rotated rounds of
# `default` and `states` (each round's two runs share a seed), then the per-round paired ratios
# states / default of CPU time, active time and peak RSS, with quartiles and a bootstrap 95% CI.
#
#   bash scripts/measure_states.sh [OUT_DIR]     (default results/states-<UTC timestamp>)
#
# Runs under flock /work/measure/bench.lock when that lock file's folder exists (a shared
# machine: benches must not overlap); set STATES_BENCH_LOCK to use another lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/states-$(date -u +%Y-%m-%dT%H-%M-%SZ)}"
lock="${STATES_BENCH_LOCK:-/work/measure/bench.lock}"
bench=(deno task bench --hosts 20 --msgs 100 --iterations 20 --warmups 1 --variants default,states
  --out "$out" --no-report)
if [[ -d "$(dirname "$lock")" ]]; then
  flock "$lock" "${bench[@]}"
else
  "${bench[@]}"
fi
deno run --allow-read scripts/paired_ratios.ts "$out/results.ndjson" \
  --metrics cpuMs,activeMs,peakRssBytes,phasesMs.init,phasesMs.subscribe,phasesMs.firstMessage,phasesMs.randomMessages,lastDeliveryMsMedian
