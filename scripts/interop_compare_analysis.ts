/**
 * `deno task node:compare OUT_DIR`: reads the nodes' logs of a run (OUT_DIR/hosts/*\/*.stdout),
 * summarizes them as `node:netns` does, and compares the figures with test-plans' own analysis of
 * the same logs (`analyze_message_deliveries.py OUT_DIR -o OUT_DIR/plots`, which writes
 * plots/analysis.txt). Exit 0 when every compared percentile is within --max-diff.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
// The modules themselves, not mod.ts: it loads libp2p, which wants env access this task lacks.
import { InteropError } from "../lib/interop/interop_error.ts";
import {
  type NodeLog,
  parseNodeLog,
  summarizeDeliveries,
} from "../lib/interop/summarize_deliveries.ts";
import {
  compareWithTestPlans,
  formatRunSummary,
  parseTestPlansAnalysis,
  summarizeRun,
} from "../lib/interop/summarize_run.ts";

const USAGE = `Usage: deno task node:compare OUT_DIR [--analysis FILE] [--skip K] [--max-diff F]

  --analysis FILE  test-plans' analysis.txt (default OUT_DIR/plots/analysis.txt)
  --skip K         warm-up messages to leave out, as given to test-plans' analysis (default 0)
  --max-diff F     largest relative difference accepted (default 0.05)`;

async function _readLogs(outDir: string): Promise<NodeLog[]> {
  const logs: NodeLog[] = [];
  const hosts = join(outDir, "hosts");
  try {
    for await (const host of Deno.readDir(hosts)) {
      if (!host.isDirectory) continue;
      for await (const file of Deno.readDir(join(hosts, host.name))) {
        if (!file.name.endsWith(".stdout")) continue;
        const path = join(hosts, host.name, file.name);
        logs.push(parseNodeLog(await Deno.readTextFile(path), path));
      }
    }
  } catch (error) {
    if (error instanceof InteropError) throw error;
    throw new InteropError(`OUT_DIR: cannot read ${hosts}: ${(error as Error).message}`);
  }
  return logs;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      analysis: { type: "string" },
      skip: { type: "string", default: "0" },
      "max-diff": { type: "string", default: "0.05" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InteropError("expected one argument, OUT_DIR (see --help)");
  }
  const outDir = positionals[0];
  const skip = Number(values.skip);
  const maxDiff = Number(values["max-diff"]);
  if (!Number.isSafeInteger(skip) || skip < 0) {
    throw new InteropError(`flag --skip: must be an integer >= 0, got ${values.skip}`);
  }
  if (!(maxDiff >= 0)) {
    throw new InteropError(`flag --max-diff: must be a number >= 0, got ${values["max-diff"]}`);
  }
  const analysisPath = values.analysis ?? join(outDir, "plots", "analysis.txt");
  let analysisText: string;
  try {
    analysisText = await Deno.readTextFile(analysisPath);
  } catch (error) {
    throw new InteropError(
      `flag --analysis: cannot read ${analysisPath}: ${(error as Error).message}`,
    );
  }
  const logs = await _readLogs(outDir);
  const summary = summarizeRun(summarizeDeliveries(logs), logs.length, { skip });
  const comparison = compareWithTestPlans(
    summary,
    parseTestPlansAnalysis(analysisText, analysisPath),
  );
  console.log(formatRunSummary(summary).join("\n"));
  console.log(`\ncompared with ${analysisPath}:`);
  console.log(comparison.lines.map((line) => `  ${line}`).join("\n"));
  if (comparison.unmatched.length > 0) {
    console.log(`  messages on one side only: ${comparison.unmatched.join(", ")}`);
  }
  const agrees = comparison.unmatched.length === 0 &&
    comparison.maxRelativeDifference <= maxDiff;
  console.log(
    `${agrees ? "AGREES" : "DIFFERS"}: largest difference ${
      (comparison.maxRelativeDifference * 100).toFixed(2)
    }% (limit ${(maxDiff * 100).toFixed(1)}%)`,
  );
  return agrees ? 0 : 3;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof InteropError) {
      console.error(`error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
