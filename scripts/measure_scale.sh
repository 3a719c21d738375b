#!/usr/bin/env bash
# The figures of docs/scaling.md, "one big run": one run of 1000 hosts x 100 messages (burst,
# shards auto: 2 on 2 cores), the same with a tighter heap (v8Flags --heap-growing-percent=65),
# 200 x 100 with 1 shard against 2 shards in the same bench, and one run of 2000 x 10. Every bench runs under the shared lock, so measurements on a shared machine do
# not overlap.
#   bash scripts/measure_scale.sh [results root] [which...]
# which: big big-lean shards huge (default: big shards)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-/tmp/measure-scale}
shift || true
WHICH=${*:-big shards}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
mkdir -p "$ROOT"
ROOT=$(realpath "$ROOT")

# bench <name> <args...>: one bench under the lock into $ROOT/<name>; prints its runs' figures.
bench() {
  local name=$1
  shift
  rm -rf "${ROOT:?}/$name"
  echo "== $name: deno task bench $* (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  flock "$LOCK" bash -c '
    start=$(date +%s.%N)
    deno task bench "${@:2}" --results-root "$1" --no-report > "$1.log" 2>&1
    code=$?
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $code" > "$1.wall"
  ' _ "$ROOT/$name" "$@"
  read -r wall code < "$ROOT/$name.wall"
  echo "exit $code, wall $wall s (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
  deno run --allow-read scripts/summarize_scale.ts "$(ls -d "$ROOT/$name"/*/ | tail -1)"
}

for which in $WHICH; do
  case $which in
    big) bench big --config scripts/measure_scale_big.yml --hosts 1000 --msgs 100 --shards auto ;;
    big-lean)
      bench big-lean --config scripts/measure_scale_big.yml --hosts 1000 --msgs 100 --shards auto \
        --v8-flags=--heap-growing-percent=65
      ;;
    shards) bench shards --config scripts/measure_scale_shards.yml ;;
    huge) bench huge --config scripts/measure_scale_big.yml --hosts 2000 --msgs 10 --shards auto ;;
    *) echo "unknown measurement: $which (big, big-lean, shards, huge)" >&2; exit 2 ;;
  esac
done
