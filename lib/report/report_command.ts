/**
 * `report`: re-renders bench.md and its charts from a saved results file, running nothing.
 *
 * @module
 */
import { parseFlags } from "../config/mod.ts";
import { findNewestBench, RESULTS_FILE } from "../bench/mod.ts";
import { ReportError } from "./report_error.ts";
import { writeBenchReport } from "./write_bench_report.ts";

/** Usage text of the report command. */
export const REPORT_USAGE = `Usage: deno task report [options]

Writes bench.md and one SVG chart per figure from a saved results file.

Options:
  --results FILE   results.ndjson to report (default: the newest under results/); repeat it
                   to merge the shards of one bench (bench --shard I/N) into one report
  --baseline FILE  an earlier bench's results.ndjson (same scenario): adds a "vs baseline"
                   column, the ratio with its 95% interval, flagged when beyond +-2% noise
  --out DIR        folder of bench.md and the charts (default reports)
  -h, --help       this text`;

/** Runs the report command with `args`; returns the exit code. */
export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, "report", {
    toError: (message) => new ReportError(message),
    options: {
      results: { type: "string", multiple: true },
      baseline: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(REPORT_USAGE);
    return 0;
  }
  const resultsPaths = values.results ?? [
    `${await findNewestBench("results").catch((error) => {
      throw new ReportError(`no --results given and ${error.message}`);
    })}/${RESULTS_FILE}`,
  ];
  const resultsPath = resultsPaths.join(", ");
  const startedAt = performance.now();
  const written = await writeBenchReport(resultsPaths, {
    outDir: values.out ?? "reports",
    ...(values.baseline === undefined ? {} : { baselinePath: values.baseline }),
  });
  console.log(
    `report: ${written.markdownPath}, ${written.pdfPath} and ${written.chartPaths.length} charts from ${resultsPath} in ${
      Math.round(performance.now() - startedAt)
    } ms`,
  );
  // Reported as a bench reports them: each line left out, where and why.
  for (const skipped of written.skipped) {
    console.error(`note: ${skipped.file}:${skipped.line} skipped: ${skipped.reason}`);
  }
  return 0;
}
