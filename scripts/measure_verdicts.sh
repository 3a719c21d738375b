#!/usr/bin/env bash
# Issue 13's target: two identical tiny benches (same config and seed, minutes apart) compared
# with `deno task report --baseline`. Counts the figures flagged as changed by this branch's
# report and by the pristine report (the commit before the verdicts work), on the same results.
#
#   bash scripts/measure_verdicts.sh            # PAUSE=120 s between the benches
#   PAUSE=0 ITERATIONS=8 bash scripts/measure_verdicts.sh
#
# Every bench runs under flock on $LOCK when that file exists, so measurements of several
# people on one machine do not overlap. Output: .tmp/measure-verdicts/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

PRISTINE=${PRISTINE:-a6a7626}
OUT=${OUT:-.tmp/measure-verdicts}
LOCK=${LOCK:-/work/measure/bench.lock}
PAUSE=${PAUSE:-120}
ITERATIONS=${ITERATIONS:-6}
CELLS=(--hosts 3,5 --msgs 10,20 --iterations "$ITERATIONS" --warmups 1 --seed 1 --no-report)

locked() {
  if [[ -e "$LOCK" ]]; then flock "$LOCK" "$@"; else "$@"; fi
}

rm -rf "$OUT"
mkdir -p "$OUT/root"
root=$OUT/root

echo "== A/A calibration bench (default and twin, same cells)"
locked deno task bench --calibrate "${CELLS[@]}" --results-root "$root" --out "$root/calibration-bench" \
  > "$OUT/calibration.log" 2>&1
echo "== bench A"
locked deno task bench --variants default,states "${CELLS[@]}" --results-root "$root" --out "$root/a" \
  > "$OUT/a.log" 2>&1
echo "== pause ${PAUSE} s"
sleep "$PAUSE"
echo "== bench B"
locked deno task bench --variants default,states "${CELLS[@]}" --results-root "$root" --out "$root/b" \
  > "$OUT/b.log" 2>&1

echo "== after: this branch's report of B against A"
deno task report --results "$root/b/results.ndjson" --baseline "$root/a/results.ndjson" \
  --out "$OUT/report-after" > "$OUT/report-after.log" 2>&1
grep -E "figures changed beyond noise" "$OUT/report-after/bench.md" | sed 's/^/after:  /'

echo "== after, without the calibration (the 2% floor only): what the tests alone do"
mkdir -p "$OUT/floor-root"
cp -r "$root/a" "$root/b" "$OUT/floor-root/"
deno task report --results "$OUT/floor-root/b/results.ndjson" \
  --baseline "$OUT/floor-root/a/results.ndjson" --out "$OUT/report-floor" \
  > "$OUT/report-floor.log" 2>&1
grep -E "figures changed beyond noise" "$OUT/report-floor/bench.md" | sed 's/^/floor:  /'

echo "== before: the pristine report ($PRISTINE) of the same results"
mkdir -p "$OUT/pristine"
git archive "$PRISTINE" | tar -x -C "$OUT/pristine"
abs=$(pwd)
(cd "$OUT/pristine" && deno task report --results "$abs/$root/b/results.ndjson" \
  --baseline "$abs/$root/a/results.ndjson" --out "$abs/$OUT/report-before") \
  > "$OUT/report-before.log" 2>&1
grep -E "figures changed beyond" "$OUT/report-before/bench.md" | sed 's/^/before: /'
