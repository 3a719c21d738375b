/**
 * `report`: re-renders bench.md and its charts from a saved results file, running nothing.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { RESULTS_FILE } from "../bench/mod.ts";
import { ReportError } from "./report_error.ts";
import { writeBenchReport } from "./write_bench_report.ts";

/** Usage text of the report command. */
export const REPORT_USAGE = `Usage: deno task report [options]

Writes bench.md and one SVG chart per figure from a saved results file.

Options:
  --results FILE   results.ndjson to report (default: the newest under results/)
  --out DIR        folder of bench.md and the charts (default reports)
  -h, --help       this text`;

/** Runs the report command with `args`; returns the exit code. */
export async function reportCommand(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        results: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    throw new ReportError(`report: ${error instanceof Error ? error.message : error} (see --help)`);
  }
  if (values.help) {
    console.log(REPORT_USAGE);
    return 0;
  }
  const resultsPath = values.results ?? await _newestResults("results");
  const startedAt = performance.now();
  const written = await writeBenchReport(resultsPath, { outDir: values.out ?? "reports" });
  console.log(
    `report: ${written.markdownPath} and ${written.chartPaths.length} charts from ${resultsPath} in ${
      Math.round(performance.now() - startedAt)
    } ms`,
  );
  if (written.skippedLines > 0) {
    console.error(`note: ${written.skippedLines} lines of ${resultsPath} are not run results`);
  }
  return 0;
}

async function _newestResults(root: string): Promise<string> {
  const folders: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      try {
        await Deno.stat(`${root}/${entry.name}/${RESULTS_FILE}`);
        folders.push(entry.name);
      } catch {
        // not a bench folder
      }
    }
  } catch (error) {
    throw new ReportError(
      `no --results given and cannot list "${root}": ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
  if (folders.length === 0) {
    throw new ReportError(
      `no --results given and no bench folder with ${RESULTS_FILE} under "${root}"`,
    );
  }
  return `${root}/${folders.sort().at(-1)}/${RESULTS_FILE}`;
}
