#!/usr/bin/env bash
# Measures the Deno-native variants (deno-tcp, deno-native) against default, as docs/transport.md
# reports them. Every measurement runs under the bench lock, so it never overlaps another bench on
# a shared machine; variants are paired and rotated inside each bench.
#
#   scripts/measure_transport.sh                 # everything, into results/transport-<time>/
#   ITERATIONS=4 STEPS="cpu setup" scripts/measure_transport.sh
#
# Steps (STEPS, default all four):
#   cpu      20 hosts x 100 msgs, serial: CPU per run (target: fastest new variant <= 0.7 x default)
#   burst    100 hosts x 100 msgs, --pattern burst: active time (target <= 0.75 x default)
#   setup    connection set-up deno bench (dial + Noise + yamux + first stream round trip)
#   profile  one CPU-profiled 20 x 100 run per variant, summarised by self time
set -euo pipefail
cd "$(dirname "$0")/.."

ITERATIONS=${ITERATIONS:-8}
WARMUPS=${WARMUPS:-1}
VARIANTS=${VARIANTS:-default,deno-tcp,deno-native}
STEPS=${STEPS:-cpu burst setup profile}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
OUT=${OUT:-results/transport-$(date +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
if [[ ! -w "$(dirname "$LOCK")" ]]; then LOCK="$OUT/bench.lock"; fi

locked() { flock "$LOCK" "$@"; }
step() { [[ " $STEPS " == *" $1 "* ]]; }

echo "measure_transport: output in $OUT ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
if step cpu; then
  locked deno task bench --hosts 20 --msgs 100 --variants "$VARIANTS" --pattern serial \
    --iterations "$ITERATIONS" --warmups "$WARMUPS" --out "$OUT/cpu-20x100" --no-report
fi
if step burst; then
  locked deno task bench --hosts 100 --msgs 100 --variants "$VARIANTS" --pattern burst \
    --iterations "$ITERATIONS" --warmups "$WARMUPS" --out "$OUT/burst-100x100" --no-report
fi
if step setup; then
  locked deno bench --allow-net=127.0.0.1 --allow-env --allow-read --allow-sys \
    lib/net/deno_tcp/connection_setup_bench.ts | tee "$OUT/connection_setup.txt"
fi
if step profile; then
  locked deno run --allow-read --allow-write --allow-env --allow-run scripts/profile_variants.ts \
    --hosts 20 --msgs 100 --variants "$VARIANTS" --out "$OUT/profiles"
fi

files=()
for f in "$OUT/cpu-20x100/results.ndjson" "$OUT/burst-100x100/results.ndjson"; do
  [[ -f "$f" ]] && files+=("$f")
done
if ((${#files[@]} > 0)); then
  deno run --allow-read scripts/transport_ratios.ts "${files[@]}" | tee "$OUT/ratios.md"
fi
