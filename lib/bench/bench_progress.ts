/**
 * Progress on the terminal while a bench runs: a bar on a TTY, one line per run otherwise
 * (CI logs), both on stderr so stdout keeps only the summary. Both show the estimated time left.
 *
 * @module
 */
import cliProgress from "cli-progress";
import process from "node:process";
import type { BenchProgress, PlanOutlook } from "./run_bench.ts";
import type { PlannedRun } from "./plan_matrix.ts";
import type { RunReached, RunResult } from "./run_result.ts";
import { estimateRemainingMs, formatEta, type TimedRun } from "./estimate_remaining.ts";

/** Receives the bench's run events and shows them. */
export interface BenchProgressView {
  /**
   * The runs still to do, before the first starts; under sequential sampling again after each
   * decision about a cell's next round.
   */
  planned(outlook: PlanOutlook, progress: BenchProgress): void;
  runStarted(run: PlannedRun, progress: BenchProgress): void;
  /** A running run's progress line: its phase, hosts joined, deliveries so far. */
  runProgress(run: PlannedRun, reached: RunReached): void;
  runEnded(result: RunResult, progress: BenchProgress): void;
  stop(): void;
}

/** Creates the view for stderr: a progress bar when stderr is a terminal, plain lines if not. */
export function createBenchProgressView(): BenchProgressView {
  return Deno.stderr.isTerminal() ? _createBarView() : _createLineView();
}

/** How far a run has got, in a few words: `subscribe: 512/999 joined`. */
export function formatRunProgress(reached: RunReached): string {
  switch (reached.phase) {
    case "init":
      return `init: starting ${reached.hosts} hosts`;
    case "subscribe":
      return `subscribe: ${reached.hostsJoined}/${reached.hosts} joined`;
    case "firstMessage":
      return `first message: bootstrapping host 0`;
    case "randomMessages":
      return `messages: ${_count(reached.deliveries)}/${
        _count(reached.deliveriesExpected)
      } delivered`;
    default:
      return reached.phase;
  }
}

/** Where a failed run was when it failed, for its FAILED line. */
export function formatReached(reached: RunReached): string {
  const completed = reached.phasesCompleted.length === 0
    ? "no phase completed"
    : `completed ${reached.phasesCompleted.join(", ")}`;
  return `in ${reached.phase} (${completed}; ${reached.hostsJoined}/${reached.hosts} hosts ` +
    `joined, ${reached.deliveries}/${reached.deliveriesExpected} deliveries)`;
}

function _count(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)}k` : String(value);
}

/** How often the line view repeats a long run's progress. */
const _LINE_PROGRESS_EVERY_MS = 10_000;

function _cellLabel(run: PlannedRun | RunResult): string {
  const { hosts, msgs, variant } = run.cell;
  const kind = run.warmup ? "warm-up " : run.traced ? "traced " : "#";
  return `${hosts} hosts x ${msgs} msgs ${variant} ${kind}${run.iteration + 1}`;
}

/** `12/20 runs`, and under sequential sampling `(at most 80)`. */
export function formatRunCount(progress: BenchProgress): string {
  const atMost = progress.atMost !== undefined && progress.atMost > progress.total
    ? ` (at most ${progress.atMost})`
    : "";
  return `${progress.done}/${progress.total} runs${atMost}`;
}

/**
 * Keeps what the ETA needs: the remaining runs and the finished runs' times. Under sequential
 * sampling the plan is open-ended: the ETA is that of the runs expected (each open cell's rounds
 * as its CI width predicts them), followed by that of the most runs the bench can take.
 */
export function createEta(now: () => number = () => performance.now()): {
  planned(outlook: PlanOutlook): void;
  started(): void;
  ended(result: Pick<RunResult, "key" | "cell" | "totalMs" | "durationMs">): void;
  text(): string;
} {
  let likely: PlannedRun[] = [];
  let atMost: PlannedRun[] = [];
  const ended = new Set<string>();
  const done: TimedRun[] = [];
  let firstStart: number | undefined;
  const estimate = (runs: readonly PlannedRun[]): number | undefined =>
    estimateRemainingMs({
      elapsedMs: now() - firstStart!,
      done,
      remaining: runs.filter((run) => !ended.has(run.key)).map((run) => run.cell),
    });
  return {
    planned(outlook) {
      likely = [...outlook.likely];
      atMost = [...outlook.atMost];
    },
    started() {
      firstStart ??= now();
    },
    ended(result) {
      ended.add(result.key);
      done.push({ cell: result.cell, busyMs: result.totalMs ?? result.durationMs });
    },
    text() {
      if (firstStart === undefined) return formatEta(undefined);
      const expected = formatEta(estimate(likely));
      if (atMost.length <= likely.length) return expected;
      return `${expected} (at most ${formatEta(estimate(atMost))})`;
    },
  };
}

function _createBarView(): BenchProgressView {
  const bar = new cliProgress.SingleBar({
    format: "{bar} {runs} | {cell}{live} | failures {failures} | ETA {eta_text}",
    stream: process.stderr,
    hideCursor: true,
    // The bar redraws on a timer while runs are measured: once a second, not cli-progress's ten
    // times, keeps the bench's own wake-ups out of the runs' way.
    fps: 1,
  }, cliProgress.Presets.shades_classic);
  const eta = createEta();
  let started = false;
  const fields = (progress: BenchProgress) => ({
    runs: formatRunCount(progress),
    failures: progress.failures,
    eta_text: eta.text(),
  });
  return {
    planned(outlook, progress) {
      eta.planned(outlook);
      if (started) {
        bar.setTotal(progress.total);
        bar.update(progress.done, fields(progress));
      }
    },
    runStarted(run, progress) {
      eta.started();
      if (!started) {
        bar.start(progress.total, progress.done, {
          cell: _cellLabel(run),
          live: "",
          ...fields(progress),
        });
        started = true;
      }
      bar.setTotal(progress.total);
      bar.update(progress.done, { cell: _cellLabel(run), live: "", ...fields(progress) });
    },
    runProgress(_run, reached) {
      if (started) bar.update({ live: ` · ${formatRunProgress(reached)}`, eta_text: eta.text() });
    },
    runEnded(result, progress) {
      eta.ended(result);
      bar.setTotal(progress.total);
      bar.update(progress.done, { live: "", ...fields(progress) });
      if (!result.ok) {
        bar.log?.(
          `failed: ${result.key}: ${result.failure}${
            result.reached ? ` ${formatReached(result.reached)}` : ""
          }\n`,
        );
      }
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
  const eta = createEta();
  const lastShown = new Map<string, number>();
  return {
    planned: (outlook) => eta.planned(outlook),
    runStarted: (run) => {
      eta.started();
      lastShown.set(run.key, performance.now());
    },
    runProgress(run, reached) {
      // CI logs get a long run's progress every few seconds, short runs none.
      const shownAt = lastShown.get(run.key) ?? 0;
      if (performance.now() - shownAt < _LINE_PROGRESS_EVERY_MS) return;
      lastShown.set(run.key, performance.now());
      write(`  ... ${_cellLabel(run)}: ${formatRunProgress(reached)}`);
    },
    runEnded(result, progress) {
      eta.ended(result);
      lastShown.delete(result.key);
      const figures = result.ok
        ? `active ${Math.round(result.activeMs ?? 0)} ms, peak RSS ${
          ((result.peakRssBytes ?? 0) / 2 ** 20).toFixed(1)
        } MB`
        : `FAILED: ${result.failure}${result.reached ? ` ${formatReached(result.reached)}` : ""}`;
      const count = progress.atMost !== undefined && progress.atMost > progress.total
        ? `${progress.done}/${progress.total}, at most ${progress.atMost}`
        : `${progress.done}/${progress.total}`;
      write(`[${count}] ${_cellLabel(result)}: ${figures} (ETA ${eta.text()})`);
    },
    stop() {},
  };
}
