#!/usr/bin/env bash
# Do stock Jupyter tools file every notebook output in its own cell?
#
# Runs each committed notebook with tiny parameters RUNS times through stock
# `jupyter nbconvert --to notebook --execute` and RUNALL_RUNS times through a Run-All queue (every
# cell sent at once, outputs filed the way JupyterLab and VS Code file them:
# scripts/notebook_outputs.py run-all), and compares each run, cell by cell, with a reference run
# of `deno task nb` (which files every output by the request it answers and keeps late ones).
# Prints a line per run and a summary per notebook and tool; exits 1 if any run was wrong.
#
# Usage: scripts/measure_notebooks.sh [RUNS]
#   env RUNS (default 20), RUNALL_RUNS (default RUNS), NOTEBOOKS (default "bench tuning sim"),
#   NB_PYTHON (default /usr/bin/python3), KEEP=1 keeps the work folder.
# Needs Jupyter (apt-get install jupyter-nbconvert jupyter-client python3-nbclient
# python3-nbformat) and the Deno kernel (deno jupyter --install). Writes only under a temporary
# folder and notebooks/*.measure-*.out.ipynb (git-ignored, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-${RUNS:-20}}
RUNALL_RUNS=${RUNALL_RUNS:-$RUNS}
NOTEBOOKS=${NOTEBOOKS:-bench tuning sim}
PYTHON=${NB_PYTHON:-/usr/bin/python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/measure-notebooks.XXXXXX")
prepared=()
cleanup() {
  rm -f "${prepared[@]}"
  if [[ "${KEEP:-0}" == 1 ]]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", b - a }'; }

# The bench notebook compares with the previous bench of the same scenario: give its first run
# one, so that every run shows the comparison (the same outputs as the reference).
deno task bench --hosts 3 --msgs 3 --iterations 1 --warmups 0 --variants default,states \
  --results-root "$work/results" --no-report >/dev/null 2>"$work/seed-bench.log" ||
  { cat "$work/seed-bench.log" >&2; exit 1; }

status=0
summary=()
for nb in $NOTEBOOKS; do
  # Tiny parameters (the same for the reference and every measured run).
  case "$nb" in
    bench) args=(-y '{hosts: [3], msgs: [3], iterations: 1, warmups: 0}'
      -p resultsRoot "$work/results" -p reportDir "$work/report") ;;
    tuning) args=(-y '{hosts: [3], msgs: [3], iterations: 1, values: [{D: 2, Dlo: 1, Dhi: 3}, {D: 4, Dlo: 3, Dhi: 6}]}'
      -p resultsRoot "$work/results") ;;
    sim) args=(-p duration 10s -p maxPeers 8) ;;
    *) echo "measure_notebooks: unknown notebook \"$nb\" (known: bench tuning sim)" >&2; exit 2 ;;
  esac
  start=$(seconds)
  deno task nb "notebooks/$nb.ipynb" "${args[@]}" --out "$work/$nb.reference.ipynb" \
    >"$work/$nb.reference.log" 2>&1 || { cat "$work/$nb.reference.log" >&2; exit 1; }
  echo "$nb: reference run (deno task nb) in $(elapsed "$start") s"
  copy="notebooks/$nb.measure-$$.out.ipynb"
  prepared+=("$copy")
  deno task nb "notebooks/$nb.ipynb" "${args[@]}" --prepare-only --out "$copy" >/dev/null 2>&1

  for tool in nbconvert run-all; do
    count=$RUNS
    [[ "$tool" == run-all ]] && count=$RUNALL_RUNS
    ((count > 0)) || continue
    outputs=()
    times=()
    for ((i = 1; i <= count; i++)); do
      out="$work/$nb.$tool-$i.ipynb"
      start=$(seconds)
      if [[ "$tool" == nbconvert ]]; then
        "$PYTHON" -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=deno \
          --ExecutePreprocessor.timeout=600 "$copy" --output-dir "$work" \
          --output "$(basename "$out")" >"$out.log" 2>&1 || echo "$out: $tool failed (see $out.log)"
      else
        "$PYTHON" scripts/notebook_outputs.py run-all "$copy" "$out" >"$out.log" 2>&1 ||
          echo "$out: $tool failed (see $out.log)"
      fi
      times+=("$(elapsed "$start")")
      outputs+=("$out")
    done
    result=$("$PYTHON" scripts/notebook_outputs.py check "$work/$nb.reference.ipynb" "${outputs[@]}") ||
      status=1
    grep -v '^{' <<<"$result" | sed "s|$work/||"
    totals=$(tail -1 <<<"$result")
    line="$nb, $tool: $totals; seconds per run: ${times[*]}"
    echo "$line"
    summary+=("$line")
  done
done
echo "--- summary ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
exit $status
