#!/usr/bin/env bash
# Issue 13's precision target (docs/statistics.md): at 20 hosts x 100 messages, the states /
# default ratio's 95% CI at most 0.10 wide in at most 10 minutes of bench time. Each bench samples
# sequentially (--until-ci-width 0.1) on CPU time, the steadier figure, and prints how many rounds
# it took, whether it reached the width, its wall time and the interval.
# Every bench runs under the shared lock, so measurements on a shared machine do not overlap; the
# wall time is taken inside the lock (waiting for it is not bench time).
#   bash scripts/measure_precision.sh [results root] [jobs...]     (default: /tmp/measure-precision 1 2)
# PRIMARY=activeMs measures wall (active) time instead.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-/tmp/measure-precision}
shift || true
JOBS=${*:-1 2}
PRIMARY=${PRIMARY:-cpuMs}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
mkdir -p "$ROOT"
ROOT=$(realpath "$ROOT")

for jobs in $JOBS; do
  name=precision-$PRIMARY-jobs$jobs
  rm -rf "${ROOT:?}/$name"
  args=(--hosts 20 --msgs 100 --variants default,states --warmups 1 --iterations 10
    --until-ci-width 0.1 --max-iterations 60 --primary "$PRIMARY" --jobs "$jobs")
  echo "== $name: deno task bench ${args[*]} (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  flock "$LOCK" bash -c '
    start=$(date +%s.%N)
    deno task bench "${@:2}" --out "$1" --no-report > "$1.log" 2>&1
    code=$?
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $code" > "$1.wall"
  ' _ "$ROOT/$name" "${args[@]}"
  read -r wall code < "$ROOT/$name.wall"
  echo "exit $code, bench wall time $wall s (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
  grep -E "^- Sequential sampling|^  - [0-9]+ hosts x|^[0-9]+ runs now" "$ROOT/$name.log"
  grep -E "states vs default +│ (cpuMs|activeMs) " "$ROOT/$name.log"
  # The report, outside the lock and the timing: it is not bench time.
  deno task report --results "$ROOT/$name/results.ndjson" --out "$ROOT/$name-report" > /dev/null 2>&1 &&
    echo "report: $ROOT/$name-report/bench.md"
done
