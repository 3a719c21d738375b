/**
 * Progress on the terminal while a bench runs: a bar on a TTY, one line per run otherwise
 * (CI logs), both on stderr so stdout keeps only the summary. Both show the estimated time left.
 *
 * @module
 */
import cliProgress from "cli-progress";
import process from "node:process";
import type { BenchProgress } from "./run_bench.ts";
import type { PlannedRun } from "./plan_matrix.ts";
import type { RunResult } from "./run_result.ts";
import { estimateRemainingMs, formatEta, type TimedRun } from "./estimate_remaining.ts";

/** Receives the bench's run events and shows them. */
export interface BenchProgressView {
  /** The runs still to do, before the first starts. */
  planned(pending: readonly PlannedRun[]): void;
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

/** Keeps what the ETA needs: the remaining runs and the finished runs' times. */
function _createEta(now: () => number = () => performance.now()) {
  const remaining = new Map<string, PlannedRun["cell"]>();
  const done: TimedRun[] = [];
  let firstStart: number | undefined;
  return {
    planned(pending: readonly PlannedRun[]): void {
      for (const run of pending) remaining.set(run.key, run.cell);
    },
    started(): void {
      firstStart ??= now();
    },
    ended(result: RunResult): void {
      remaining.delete(result.key);
      done.push({ cell: result.cell, busyMs: result.totalMs ?? result.durationMs });
    },
    text(): string {
      if (firstStart === undefined) return formatEta(undefined);
      return formatEta(estimateRemainingMs({
        elapsedMs: now() - firstStart,
        done,
        remaining: [...remaining.values()],
      }));
    },
  };
}

function _createBarView(): BenchProgressView {
  const bar = new cliProgress.SingleBar({
    format: "{bar} {value}/{total} runs | {cell} | failures {failures} | ETA {eta_text}",
    stream: process.stderr,
    hideCursor: true,
    // The bar redraws on a timer while runs are measured: once a second, not cli-progress's ten
    // times, keeps the bench's own wake-ups out of the runs' way.
    fps: 1,
  }, cliProgress.Presets.shades_classic);
  const eta = _createEta();
  let started = false;
  return {
    planned: (pending) => eta.planned(pending),
    runStarted(run, progress) {
      eta.started();
      if (!started) {
        bar.start(progress.total, progress.done, {
          cell: _cellLabel(run),
          failures: progress.failures,
          eta_text: eta.text(),
        });
        started = true;
      }
      bar.update(progress.done, {
        cell: _cellLabel(run),
        failures: progress.failures,
        eta_text: eta.text(),
      });
    },
    runEnded(result, progress) {
      eta.ended(result);
      bar.update(progress.done, { failures: progress.failures, eta_text: eta.text() });
      if (!result.ok) bar.log?.(`failed: ${result.key}: ${result.failure}\n`);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function _createLineView(): BenchProgressView {
  const write = (line: string): void => {
    Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  };
  const eta = _createEta();
  return {
    planned: (pending) => eta.planned(pending),
    runStarted: () => eta.started(),
    runEnded(result, progress) {
      eta.ended(result);
      const figures = result.ok
        ? `active ${Math.round(result.activeMs ?? 0)} ms, peak RSS ${
          ((result.peakRssBytes ?? 0) / 2 ** 20).toFixed(1)
        } MB`
        : `FAILED: ${result.failure}`;
      write(
        `[${progress.done}/${progress.total}] ${
          _cellLabel(result)
        }: ${figures} (ETA ${eta.text()})`,
      );
    },
    stop() {},
  };
}
