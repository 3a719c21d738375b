#!/usr/bin/env bash
# Issue 17's measurements: subnet-blob-msg on 16 nodes in network namespaces under test-plans'
# network model (latency by location, bandwidth by node class), checked against test-plans' own
# analysis of the same logs; a mixed run, half the nodes on the chainsafe stack; and, with a
# test-plans checkout, the experiment its run.py generates for `--composition js js-chainsafe`,
# played here as Shadow would run it (its params.json, its binaries per host, its graph.gml).
#
# Needs root, iproute2, util-linux and /dev/net/tun. For the comparison, TEST_PLANS_DIR names a
# libp2p/test-plans checkout (kept outside this repository) and PYTHON a Python 3 with PyYAML and
# matplotlib (Debian: python3-yaml python3-matplotlib), which analyze_message_deliveries.py imports.
#
#   sudo TEST_PLANS_DIR=/src/test-plans bash scripts/measure_interop.sh
#
# test-plans' run.py needs Python >= 3.12 with pydantic and networkx (uv run sets that up); without
# uv, DRYRUN_PYTHON names a Python that has them, and its dry-run steps are replayed with it.
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

if [[ -n "${TEST_PLANS_DIR:-}" ]]; then
  echo "== test-plans' own experiment: run.py --composition js js-chainsafe, 16 nodes, seed $SEED"
  deno task node:test-plans "$TEST_PLANS_DIR" >/dev/null
  tp="$TEST_PLANS_DIR/gossipsub-interop"
  if command -v uv >/dev/null; then
    (cd "$tp" && uv run run.py --dry-run true --node_count 16 --seed "$SEED" \
      --composition js js-chainsafe --scenario subnet-blob-msg)
  else
    # run.py --dry-run's steps, replayed with an older Python (run.py's f-strings need 3.12).
    (cd "$tp" && PYTHONPATH=${DRYRUN_PYTHONPATH:-} "${DRYRUN_PYTHON:-python3}" - "$SEED" <<'PY'
import json, os, random, sys
from dataclasses import asdict
import experiment
from network_graph import generate_graph
random.seed(int(sys.argv[1]))
binaries = experiment.composition(["js", "js-chainsafe"])
params = experiment.scenario("subnet-blob-msg", 16, False)
d = asdict(params)
d["script"] = [i.model_dump(exclude_none=True) for i in params.script]
json.dump(d, open("params.json", "w"))
paths = random.choices([b.path for b in binaries], weights=[b.percent_of_nodes for b in binaries], k=16)
generate_graph(paths, "graph.gml", "shadow.yaml", params_file_location=os.path.join(os.getcwd(), "params.json"))
PY
    )
  fi
  rm -rf "$OUT/test-plans-js-16"
  locked deno task node:netns --from-test-plans "$tp" --skip 4 --out "$OUT/test-plans-js-16"
  # Kept aside: with shadow.yaml beside hosts/, the analysis also plots delivery per network node,
  # which needs matplotlib >= 3.9 (Debian 12 has 3.6).
  mkdir -p "$OUT/test-plans-js-16/generated"
  cp "$tp/params.json" "$tp/shadow.yaml" "$tp/graph.gml" "$OUT/test-plans-js-16/generated/"
  analyse "$OUT/test-plans-js-16"
fi
