#!/usr/bin/env bash
# Runs the whole test suite N times in a row (default 5) and prints one line per run: when it
# started, how long it took, the runner's closing line, and the load average before and after
# (the machine may be shared). Each run's full output goes to results/suite-runs/run-<i>.log.
# Exit code: the number of runs that failed (0 when every run passed).
# Run from the repository root: bash scripts/measure_suite_stability.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out="results/suite-runs"
mkdir -p "$out"
failed=0
for ((i = 1; i <= runs; i++)); do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  started=$(date -u +%H:%M:%S)
  t0=$(date +%s)
  NO_COLOR=1 deno task test >"$out/run-$i.log" 2>&1
  code=$?
  seconds=$(($(date +%s) - t0))
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  closing=$(grep -aE '^(ok|FAILED) \|' "$out/run-$i.log" | tail -1)
  ((code == 0)) || failed=$((failed + 1))
  echo "run $i: started $started UTC, ${seconds} s, exit $code, ${closing:-no closing line}," \
    "load $load_before -> $load_after ($(nproc) cores)"
  if ((code != 0)); then
    grep -aE '\.\.\. FAILED|^error' "$out/run-$i.log" | head -20 | sed 's/^/    /'
  fi
done
echo "$failed of $runs runs failed"
exit "$failed"
