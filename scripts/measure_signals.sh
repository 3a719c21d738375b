#!/usr/bin/env bash
# How often one Ctrl-C stops `deno task sim` and `deno task dbg` cleanly when the terminal's
# SIGINT goes to the whole process group (and deno task forwards it again).
#
# Usage: scripts/measure_signals.sh [REPO_DIR] [TRIES]
#   REPO_DIR  a checkout to measure (default: this one); e.g. an older commit unpacked with
#             `git archive <commit> | tar -x -C /tmp/old` to compare before and after
#   TRIES     tries per command (default 6)
# Prints one line per try and a count per command. Each try waits until the command has settled
# (the simulator's second status line; for dbg, the line with the viewer's URL), then
# sends SIGINT to the group.
set -uo pipefail
repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
tries="${2:-6}"
cd "$repo" || exit 2

try_once() { # command, pattern to wait for, extra seconds
  local out pid rc
  out=$(mktemp)
  # shellcheck disable=SC2086 # the command line is split into words on purpose
  SIM_PRINT_INTERVAL=1s NO_COLOR=1 setsid deno task $1 >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -qE "$2" "$out" && break; sleep 0.1; done
  sleep "$3"
  kill -INT -- "-$pid"
  wait "$pid"
  rc=$?
  sleep 0.5
  local left
  left=$(ps -o pid= -g "$pid" 2>/dev/null | wc -l)
  local clean=no
  if [[ $rc -eq 0 ]] && ! grep -q "interrupted again" "$out"; then clean=yes; fi
  echo "${1%% *}: exit $rc, clean $clean, processes left $left"
  rm -f "$out"
  [[ $clean == yes ]]
}

for command in sim dbg; do
  ok=0
  for _ in $(seq 1 "$tries"); do
    if [[ $command == sim ]]; then
      try_once "sim --duration 2m --metrics-port 0 --initial-peers 3 --max-peers 5" \
        '^\[00:0[2-9]\] peers' 0 && ok=$((ok + 1))
    else
      try_once "dbg --no-open" '^dbg: viewer at' 0 && ok=$((ok + 1))
    fi
  done
  echo "== $command: $ok of $tries stopped cleanly (exit 0, no 'interrupted again')"
done
