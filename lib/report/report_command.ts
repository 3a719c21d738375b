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
                   column and verdicts for this bench over it (docs/statistics.md); says when
                   the two ran on different machines or commits
  --calibration FILE  an A/A calibration (deno task bench --calibrate writes one); default:
                   the bench's own twin runs, else calibration.json beside the bench folders
  --min-samples N  fewest runs a side for an interval and a verdict, >= 2 (default: the
                   bench's comparison.minSamples, 5)
  --primary FIGURE headline figure: activeMs or cpuMs (default: the bench's comparison.primary)
  --out DIR        folder of bench.md and the charts (default reports)
  -h, --help       this text`;

/** Runs the report command with `args`; returns the exit code. */
export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, "report", {
    toError: (message) => new ReportError(message),
    options: {
      results: { type: "string", multiple: true },
      baseline: { type: "string" },
      calibration: { type: "string" },
      "min-samples": { type: "string" },
      primary: { type: "string" },
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
  const minSamples = values["min-samples"];
  if (
    minSamples !== undefined &&
    !(/^\s*\d+\s*$/.test(minSamples) && Number(minSamples) >= 2 && Number(minSamples) <= 10_000)
  ) {
    throw new ReportError(
      `report: flag --min-samples must be an integer from 2 to 10000, got ${
        JSON.stringify(minSamples)
      }`,
    );
  }
  const primary = values.primary;
  if (primary !== undefined && primary !== "activeMs" && primary !== "cpuMs") {
    throw new ReportError(
      `report: flag --primary must be one of activeMs, cpuMs, got ${JSON.stringify(primary)}`,
    );
  }

  const written = await writeBenchReport(resultsPaths, {
    outDir: values.out ?? "reports",
    ...(values.baseline === undefined ? {} : { baselinePath: values.baseline }),
    ...(values.calibration === undefined ? {} : { calibrationPath: values.calibration }),
    ...(minSamples === undefined ? {} : { minSamples: Number(minSamples) }),
    ...(primary === undefined ? {} : { primary }),
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
