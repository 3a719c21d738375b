/**
 * Progress on the terminal while a bench runs: a bar on a TTY, one line per run otherwise
 * (CI logs), both on stderr so stdout keeps only the summary.
 *
 * @module
 */
import cliProgress from "cli-progress";
import type { BenchProgress } from "./run_bench.ts";
import type { PlannedRun } from "./plan_matrix.ts";
import type { RunResult } from "./run_result.ts";

/** Receives the bench's run events and shows them. */
export interface BenchProgressView {
  runStarted(run: PlannedRun, progress: BenchProgress): void;
  runEnded(result: RunResult, progress: BenchProgress): void;
  stop(): void;
}

/** Creates the view for stderr: a progress bar when stderr is a terminal, plain lines if not. */
export function createBenchProgressView(): BenchProgressView {
  return Deno.stderr.isTerminal() ? _createBarView() : _createLineView();
}

function _cellLabel(run: PlannedRun | RunResult): string {
  const { hosts, msgs, variant } = run.cell;
  const kind = run.warmup ? "warm-up " : run.traced ? "traced " : "#";
  return `${hosts} hosts x ${msgs} msgs ${variant} ${kind}${run.iteration + 1}`;
}

function _createBarView(): BenchProgressView {
  const bar = new cliProgress.SingleBar({
    format: "{bar} {value}/{total} runs | {cell} | failures {failures} | ETA {eta_formatted}",
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    runStarted(run, progress) {
      if (!started) {
        bar.start(progress.total, progress.done, { cell: _cellLabel(run), failures: 0 });
        started = true;
      }
      bar.update(progress.done, { cell: _cellLabel(run), failures: progress.failures });
    },
    runEnded(result, progress) {
      bar.update(progress.done, { failures: progress.failures });
      if (!result.ok) bar.log?.(`failed: ${result.key}: ${result.failure}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function _createLineView(): BenchProgressView {
  const write = (line: string): void => {
    Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  };
  return {
    runStarted() {},
    runEnded(result, progress) {
      const figures = result.ok
        ? `active ${Math.round(result.activeMs ?? 0)} ms, peak RSS ${
          ((result.peakRssBytes ?? 0) / 2 ** 20).toFixed(1)
        } MB`
        : `FAILED: ${result.failure}`;
      write(`[${progress.done}/${progress.total}] ${_cellLabel(result)}: ${figures}`);
    },
    stop() {},
  };
}

import process from "node:process";
