#!/usr/bin/env bash
# Measures the Deno-native variants (deno-tcp, deno-native) against default, as docs/transport.md
# reports them (issue 18). Each bench runs the three variants paired and rotated (a round's runs
# share a seed), under the bench lock, so it never overlaps another bench on a shared machine.
#
#   bash scripts/measure_transport.sh            # everything, into results/transport-<time>/
#   ITERATIONS=4 STEPS="cpu setup" bash scripts/measure_transport.sh
#
# Steps (STEPS, default all four):
#   cpu      20 hosts x 100 msgs, serial: CPU per run (target: fastest new variant <= 0.7 x default)
#   burst    100 hosts x 100 msgs, --pattern burst: active time (target <= 0.75 x default)
#   setup    connection set-up deno bench (dial + Noise + yamux + first stream round trip)
#   profile  one CPU-profiled 20 x 100 run child per variant, summarised by self time
# Then the ratios: scripts/transport_ratios.ts (paired signed-rank test, Hodges-Lehmann ratio and
# its exact 95% interval, verdict) and scripts/paired_ratios.ts (median of the per-round ratios,
# bootstrap 95% interval) for each new variant.
#
# The benches use scripts/measure_transport.yml: bench.yml with a longer delivery timeout, so a
# burst that takes more than 30 s on a loaded machine is measured rather than failed.
set -euo pipefail
cd "$(dirname "$0")/.."

ITERATIONS=${ITERATIONS:-8}
WARMUPS=${WARMUPS:-1}
VARIANTS=${VARIANTS:-default,deno-tcp,deno-native}
STEPS=${STEPS:-cpu burst setup profile}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
OUT=${OUT:-results/transport-$(date -u +%Y-%m-%dT%H-%M-%SZ)}
CONFIG=scripts/measure_transport.yml
mkdir -p "$OUT"

locked() {
  if [[ -d "$(dirname "$LOCK")" ]]; then flock "$LOCK" "$@"; else "$@"; fi
}
step() { [[ " $STEPS " == *" $1 "* ]]; }
note() { echo "measure_transport: $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"; }

note "output in $OUT, $(nproc) cores"
bench=(deno task bench --config "$CONFIG" --variants "$VARIANTS" --iterations "$ITERATIONS"
  --warmups "$WARMUPS" --no-report)
if step cpu; then
  locked "${bench[@]}" --hosts 20 --msgs 100 --pattern serial --out "$OUT/cpu-20x100" ||
    note "the 20 x 100 bench exited with $? (failed runs are in its results)"
  note "cpu done"
fi
if step burst; then
  locked "${bench[@]}" --hosts 100 --msgs 100 --pattern burst --out "$OUT/burst-100x100" ||
    note "the 100 x 100 bench exited with $? (failed runs are in its results)"
  note "burst done"
fi
if step setup; then
  locked deno bench --allow-net=127.0.0.1 --allow-env --allow-read --allow-sys \
    lib/net/deno_tcp/connection_setup_bench.ts | tee "$OUT/connection_setup.txt"
  note "setup done"
fi
if step profile; then
  locked deno run --allow-read --allow-write --allow-env --allow-run scripts/profile_variants.ts \
    --hosts 20 --msgs 100 --variants "$VARIANTS" --top 15 --out "$OUT/profiles" |
    tee "$OUT/profiles.txt"
  note "profile done"
fi

files=()
for f in "$OUT/cpu-20x100/results.ndjson" "$OUT/burst-100x100/results.ndjson"; do
  [[ -f "$f" ]] && files+=("$f")
done
if ((${#files[@]} > 0)); then
  deno run --allow-read scripts/transport_ratios.ts "${files[@]}" | tee "$OUT/ratios.md"
  for f in "${files[@]}"; do
    for variant in deno-tcp deno-native; do
      deno run --allow-read scripts/paired_ratios.ts "$f" --variant "$variant" \
        --metrics cpuMs,activeMs,peakRssBytes | tee -a "$OUT/paired_ratios.txt"
    done
  done
fi
