#!/usr/bin/env bash
# The runner's figures (docs/scaling.md): overhead per run, the default config's wall time, the
# full profile with --jobs 1 and 2, and what --jobs 2 does to the comparison at 20 x 100.
# Every bench runs under the shared lock, so measurements on a shared machine do not overlap.
#   bash scripts/measure_runner.sh [results root] [which...]
# which: tiny default compare full1 full2 (default: all, in that order), and pair: the tiny bench
# on an unpacked copy of an older commit (BEFORE_DIR, e.g. git archive main | tar -x -C DIR) and on
# this one, back to back, twice, so both see the same machine; modes: the tiny bench with the runs
# loading their sources and the bundle, back to back, twice; childload: a run's process load time
# alone, sources against bundle (scripts/measure_child_load.ts, 20 each).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-/tmp/measure-runner}
shift || true
WHICH=${*:-tiny default compare full1 full2}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
mkdir -p "$ROOT"
ROOT=$(realpath "$ROOT")

# bench <name> <args...>: runs one bench under the lock into $ROOT/<name>, prints its figures.
# With SRC set, the bench runs from that copy of the repository instead of this one.
bench() {
  local name=$1
  shift
  rm -rf "${ROOT:?}/$name"
  echo "== $name: deno task bench $* (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  local start end
  flock "$LOCK" bash -c '
    cd "${SRC:-.}"
    start=$(date +%s.%N)
    deno task bench "${@:2}" --results-root "$1" --report-dir "$1/report" > "$1.log" 2>&1
    code=$?
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $code $start" > "$1.wall"
  ' _ "$ROOT/$name" "$@"
  read -r wall code started < "$ROOT/$name.wall"
  echo "exit $code, wall $wall s (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
  deno run --allow-read scripts/summarize_bench.ts \
    "$(ls -d "$ROOT/$name"/*/ | grep -v report | tail -1)" "$wall" "$started"
}

for which in $WHICH; do
  case $which in
    tiny) bench tiny --hosts 3 --msgs 5 --iterations 10 --jobs 1 ;;
    default) bench default ;;
    compare)
      bench compare-jobs1 --hosts 20 --msgs 100 --iterations 20 --warmups 1 --variants default,states --jobs 1
      bench compare-jobs2 --hosts 20 --msgs 100 --iterations 20 --warmups 1 --variants default,states --jobs 2
      ;;
    full1) bench full-jobs1 --profile full --jobs 1 ;;
    pair)
      for round in 1 2; do
        SRC=${BEFORE_DIR:?set BEFORE_DIR to the older copy} bench before-$round --hosts 3 --msgs 5 \
          --iterations 10
        bench after-$round --hosts 3 --msgs 5 --iterations 10
      done
      ;;
    full2) bench full-jobs2 --profile full --jobs 2 ;;
    modes)
      for round in 1 2; do
        bench source-$round --hosts 3 --msgs 5 --iterations 10 --jobs 1 --child-modules source
        bench bundle-$round --hosts 3 --msgs 5 --iterations 10 --jobs 1 --child-modules bundle
      done
      ;;
    childload)
      echo "== childload (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
      flock "$LOCK" deno run -A scripts/measure_child_load.ts 20
      ;;
    *) echo "unknown measurement: $which" >&2; exit 2 ;;
  esac
done
