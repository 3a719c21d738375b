#!/usr/bin/env bash
# Issue 17's measurements: subnet-blob-msg on 16 nodes in network namespaces under test-plans'
# network model (latency by location, bandwidth by node class), checked against test-plans' own
# analysis of the same logs; then a mixed run, half the nodes on the chainsafe stack.
#
# Needs root, iproute2, util-linux and /dev/net/tun. For the comparison, TEST_PLANS_DIR names a
# libp2p/test-plans checkout (kept outside this repository) and PYTHON a Python 3 with PyYAML and
# matplotlib (Debian: python3-yaml python3-matplotlib), which analyze_message_deliveries.py imports.
#
#   sudo TEST_PLANS_DIR=/src/test-plans bash scripts/measure_interop.sh
#
# Each run takes about 5 minutes (the scenario's own timings: 16 messages 12 s apart, here from
# 60 s instead of 120 s after start). Outputs go to results/interop/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-results/interop}
PYTHON=${PYTHON:-/usr/bin/python3}
LOCK=${BENCH_LOCK:-/work/measure/bench.lock}
SEED=${SEED:-1}
locked() { if [[ -e "$LOCK" ]]; then flock "$LOCK" "$@"; else "$@"; fi; }

deno task node:build >/dev/null

analyse() { # DIR: test-plans' analysis and reach check on our logs, then our comparison
  local dir=$1
  if [[ -z "${TEST_PLANS_DIR:-}" ]]; then
    echo "TEST_PLANS_DIR not set: skipping test-plans' analysis of $dir"
    return 0
  fi
  local tp="$TEST_PLANS_DIR/gossipsub-interop"
  "$PYTHON" "$tp/analyze_message_deliveries.py" "$dir" -o "$dir/plots" -s 4 2>&1 |
    grep -v "^Warning: Could not parse" || true
  "$PYTHON" "$tp/checks/subnet_blob_msg.py" "$dir" --skip 4
  deno task node:compare "$dir" --skip 4 --max-diff 0.05
}

echo "== subnet-blob-msg, 16 nodes, test-plans network model (seed $SEED)"
rm -rf "$OUT/subnet-blob-16"
locked deno task node:netns --nodes 16 --seed "$SEED" --first-publish-s 60 --skip 4 \
  --out "$OUT/subnet-blob-16"
analyse "$OUT/subnet-blob-16"

echo "== mixed: 8 default + 8 chainsafe, 16 nodes, test-plans network model (seed $SEED)"
rm -rf "$OUT/mixed-16"
locked deno task node:netns --mix default:8,chainsafe:8 --seed "$SEED" --first-publish-s 60 \
  --skip 4 --out "$OUT/mixed-16"
analyse "$OUT/mixed-16"
