/**
 * A bench's report, rendered while its last runs' processes exit. Each process is waited for
 * until it ends by itself (about a second, idle; `exitAfterReportMs`), and only then is its
 * result final. Nothing is measured any more by then, so the report is rendered meanwhile, into
 * a staging folder inside the report folder, from the results file as it will read if those
 * processes end cleanly. Once their results are on disk, the staged report is moved into place
 * when the file reads exactly so (apart from `durationMs` and `exitAfterReportMs`, which only the
 * exit decides and no report shows), and thrown away otherwise, for a report rendered again from
 * the file.
 *
 * @module
 */
import { parseResults } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { syncFolder } from "./write_text_atomically.ts";

/** Writes a bench's report: main.ts passes the report area's writer. */
export type WriteBenchReport = (
  resultsPath: string,
  reportDir: string,
  options?: { resultsText?: string },
) => Promise<{ markdownPath: string }>;

/** A report being rendered ahead of the last results. */
export interface SpeculativeReport {
  /** Where the report goes once the results are final. */
  readonly reportDir: string;
  /** The results file's text it was rendered from. */
  readonly provisionalText: string;
  /** The staging folder, inside `reportDir`. */
  readonly stagingDir: string;
  /** Resolves true when the staged report is complete, false when rendering it failed. */
  readonly rendered: Promise<boolean>;
}

/** Fields only a process's exit decides; a report shows neither. */
const _EXIT_FIELDS = ["durationMs", "exitAfterReportMs"];
const _STAGING_PREFIX = ".bench-staging-";

/** Starts rendering the report of `provisionalText` into a staging folder of `reportDir`. */
export function startSpeculativeReport(
  write: WriteBenchReport,
  resultsPath: string,
  options: { reportDir: string; provisionalText: string },
): SpeculativeReport {
  const { reportDir, provisionalText } = options;
  const stagingDir = `${reportDir}/${_STAGING_PREFIX}${crypto.randomUUID().slice(0, 8)}`;
  const rendered = write(resultsPath, stagingDir, { resultsText: provisionalText })
    .then(() => true, () => false);
  return { reportDir, provisionalText, stagingDir, rendered };
}

/**
 * Moves the staged report into place when `finalText` (the results file once every result is
 * on disk) reads as the text it was rendered from, and returns where bench.md now is; otherwise
 * (or when rendering failed) removes the staging folder and returns undefined: render again.
 */
export async function finishSpeculativeReport(
  report: SpeculativeReport,
  finalText: string,
): Promise<{ markdownPath: string } | undefined> {
  const complete = await report.rendered;
  if (!complete || !sameReportInput(report.provisionalText, finalText)) {
    await discardSpeculativeReport(report);
    return undefined;
  }
  const names: string[] = [];
  for await (const entry of Deno.readDir(report.stagingDir)) {
    if (entry.isFile) names.push(entry.name);
  }
  // bench.md last: the charts it links are in place before it is.
  names.sort((a, b) => Number(a === "bench.md") - Number(b === "bench.md"));
  for (const name of names) {
    await Deno.rename(`${report.stagingDir}/${name}`, `${report.reportDir}/${name}`);
  }
  await syncFolder(report.reportDir);
  await Deno.remove(report.stagingDir, { recursive: true });
  return { markdownPath: `${report.reportDir}/bench.md` };
}

/** Waits for the staged report to end, and removes it. */
export async function discardSpeculativeReport(report: SpeculativeReport): Promise<void> {
  await report.rendered;
  await Deno.remove(report.stagingDir, { recursive: true }).catch(() => {});
}

/**
 * Whether two results files give a report the same input: the same results in the same order,
 * equal in every field but those only a process's exit decides, and no line that is not one.
 */
export function sameReportInput(a: string, b: string): boolean {
  const first = parseResults(a);
  const second = parseResults(b);
  if (first.skipped.length > 0 || second.skipped.length > 0) return false;
  if (first.results.length !== second.results.length) return false;
  return first.results.every((result, i) =>
    _canonical(_withoutExit(result)) === _canonical(_withoutExit(second.results[i]))
  );
}

function _withoutExit(result: RunResult): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...result };
  for (const field of _EXIT_FIELDS) delete copy[field];
  return copy;
}

/** JSON with every object's keys sorted: equal values give equal text. */
function _canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, inner) =>
      inner !== null && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : inner,
  );
}

/** Options of {@linkcode createReportAfterRuns}. */
export interface ReportAfterRunsOptions {
  /** The bench's results file. */
  resultsPath: string;
  /** Where the report goes. */
  reportDir: string;
  /** Loads what writing the report needs, when no report can be rendered ahead. */
  prepare?: () => Promise<void>;
}

/** A bench's report: rendered ahead while the last processes exit when it can be, then written. */
export interface ReportAfterRuns {
  /** For runBench's `afterLastReport`: starts the staged report, or else the preparation. */
  afterLastReport(provisionalResults: string | undefined): Promise<unknown>;
  /**
   * Puts the report in place: the staged one (`renderedAhead`), or one rendered now from the
   * results file.
   */
  finish(): Promise<{ markdownPath: string; renderedAhead: boolean }>;
  /** Throws a staged report away (the bench did not finish). */
  discard(): Promise<void>;
}

/** The report of a bench whose results go to `options.resultsPath`, written by `write`. */
export function createReportAfterRuns(
  write: WriteBenchReport,
  options: ReportAfterRunsOptions,
): ReportAfterRuns {
  let staged: SpeculativeReport | undefined;
  return {
    afterLastReport(provisionalResults) {
      if (provisionalResults === undefined) return options.prepare?.() ?? Promise.resolve();
      staged = startSpeculativeReport(write, options.resultsPath, {
        reportDir: options.reportDir,
        provisionalText: provisionalResults,
      });
      // Not awaited: the bench prints its summary meanwhile; finish() waits for it.
      return Promise.resolve();
    },
    async finish() {
      const ahead = staged;
      staged = undefined;
      if (ahead !== undefined) {
        const placed = await finishSpeculativeReport(
          ahead,
          await Deno.readTextFile(options.resultsPath),
        ).catch(async () => {
          await discardSpeculativeReport(ahead);
          return undefined;
        });
        if (placed !== undefined) return { ...placed, renderedAhead: true };
      }
      const written = await write(options.resultsPath, options.reportDir);
      return { markdownPath: written.markdownPath, renderedAhead: false };
    },
    async discard() {
      if (staged !== undefined) await discardSpeculativeReport(staged);
      staged = undefined;
    },
  };
}
