/**
 * CPU-profiles one run child of each variant, with the seed of one round of the bench (so both
 * runs see the same keys, publishers and messages), then prints where the time went: per code
 * group and per function, self and total, and what grew from the first variant to each other one.
 *
 *     deno run --allow-read --allow-write --allow-env --allow-run scripts/profile_variants.ts \
 *       --hosts 20 --msgs 100 --variants default,states [--iteration 0] [--interval-us 250] \
 *       [--out results/profiles/<stamp>] [--top 25]
 *
 * The profiles stay in the out folder (`<variant>.cpuprofile`; open them in Chrome DevTools).
 * Runs on the machine as it is: the figures are a profile, not a timing.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadBenchConfig } from "../lib/config/mod.ts";
import { planMatrix } from "../lib/bench/plan_matrix.ts";
import { childPermissions } from "../lib/bench/run_in_child.ts";
import type { ChildParams, ChildReport } from "../lib/bench/run_child.ts";
import { GO_LINE, parseChildMessage, readLines } from "../lib/bench/child_protocol.ts";
import {
  compareEntries,
  type CpuProfile,
  type CpuProfileSummary,
  summarizeCpuProfile,
  type TimeEntry,
} from "./cpu_profile_summary.ts";

const CHILD_ENTRY = new URL("../lib/bench/run_child.ts", import.meta.url).pathname;
const PROJECT_ROOT = new URL("../", import.meta.url).pathname;

class _UsageError extends Error {}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      hosts: { type: "string", default: "20" },
      msgs: { type: "string", default: "100" },
      variants: { type: "string", default: "default,states" },
      iteration: { type: "string", default: "0" },
      "interval-us": { type: "string", default: "250" },
      out: { type: "string" },
      top: { type: "string", default: "25" },
    },
  });
  const iteration = _count("--iteration", values.iteration, 0);
  const intervalUs = _count("--interval-us", values["interval-us"], 1);
  const top = _count("--top", values.top, 1);
  const config = await loadBenchConfig({
    flags: {
      hosts: values.hosts,
      msgs: values.msgs,
      variants: values.variants,
      iterations: String(iteration + 1),
      warmups: "0",
    },
  });
  const outDir = values.out ??
    `results/profiles/${new Date().toISOString().replaceAll(":", "-").slice(0, 19)}Z`;
  await Deno.mkdir(outDir, { recursive: true });
  const runs = planMatrix(config.matrix).filter((run) => run.iteration === iteration);
  const summaries: { variant: string; summary: CpuProfileSummary; report: ChildReport }[] = [];
  for (const run of runs) {
    const params: ChildParams = {
      hosts: run.cell.hosts,
      msgs: run.cell.msgs,
      variant: config.variants[run.cell.variant],
      scenario: config.scenario,
      seed: run.seed,
    };
    const name = `h${run.cell.hosts}-m${run.cell.msgs}-${run.cell.variant}`;
    const report = await _profileChild(params, {
      dir: outDir,
      name: `${name}.cpuprofile`,
      intervalUs,
    });
    const profile = JSON.parse(
      await Deno.readTextFile(`${outDir}/${name}.cpuprofile`),
    ) as CpuProfile;
    summaries.push({ variant: name, summary: summarizeCpuProfile(profile), report });
  }

  for (const { variant, summary, report } of summaries) {
    const m = report.measurements;
    console.log(
      `\n== ${variant}: ok=${report.ok} cpuMs=${m.cpuMs.toFixed(0)} activeMs=${
        m.activeMs.toFixed(0)
      } sampled ${summary.sampledMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms` +
        (m.transitions ? ` transitions=${JSON.stringify(m.transitions)}` : ""),
    );
    console.log("-- groups (self / total ms)");
    for (const group of summary.groups.slice(0, top)) console.log(_line(group));
    console.log("-- functions (self / total ms)");
    for (const fn of summary.functions.slice(0, top)) console.log(_line(fn));
  }
  // every other variant against the first: what each one adds or saves
  const [a] = summaries;
  for (const b of summaries.slice(1)) {
    console.log(`\n== ${b.variant} minus ${a.variant}: groups by self-time growth (ms)`);
    for (const row of compareEntries(a.summary.groups, b.summary.groups).slice(0, top)) {
      console.log(_deltaLine(row));
    }
    console.log(`\n== ${b.variant} minus ${a.variant}: functions by self-time growth (ms)`);
    for (const row of compareEntries(a.summary.functions, b.summary.functions).slice(0, top)) {
      console.log(_deltaLine(row));
    }
  }
  console.log(`\nprofiles: ${outDir}`);
}

/**
 * One run child under the profiler, driven as the bench drives it (`child_protocol.ts`): the
 * params line, `ready`, the go, the report; then stdin closes and the child exits by itself,
 * which is when V8 writes the profile.
 */
async function _profileChild(
  params: ChildParams,
  profile: { dir: string; name: string; intervalUs: number },
): Promise<ChildReport> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--cpu-prof",
      `--cpu-prof-dir=${profile.dir}`,
      `--cpu-prof-name=${profile.name}`,
      `--cpu-prof-interval=${profile.intervalUs}`,
      ...childPermissions(params),
      CHILD_ENTRY,
    ],
    cwd: PROJECT_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
    env: { DEBUG_COLORS: "no" },
  }).spawn();
  // The bench's child protocol: params, wait until it is ready, "go", then its report; stdin
  // stays open until the report, or the child takes the bench for gone (child_protocol.ts).
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  await writer.write(encoder.encode(JSON.stringify(params) + "\n"));
  let report: ChildReport | undefined;
  for await (const line of readLines(child.stdout)) {
    const message = parseChildMessage(line);
    if (message?.type === "ready") await writer.write(encoder.encode(GO_LINE + "\n"));
    if (message?.type === "report") {
      report = message.report;
      await writer.close();
    }
  }
  const status = await child.status;
  if (!status.success || report === undefined) {
    await writer.close().catch(() => {});
    throw new Error(
      `profiled child of ${profile.name} ended with exit code ${status.code}` +
        (report === undefined ? " and no report" : ""),
    );
  }
  return report;
}

function _line(entry: TimeEntry): string {
  return `${entry.selfMs.toFixed(1).padStart(9)} ${entry.totalMs.toFixed(1).padStart(9)}  ${
    entry.key.slice(0, 110)
  }`;
}

function _deltaLine(row: ReturnType<typeof compareEntries>[number]): string {
  const f = (n: number): string => n.toFixed(1).padStart(8);
  return `${f(row.selfDeltaMs)}  self ${f(row.selfMs[0])} -> ${f(row.selfMs[1])}  total ${
    f(row.totalMs[0])
  } -> ${f(row.totalMs[1])}  ${row.key.slice(0, 90)}`;
}

function _count(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new _UsageError(
      `profile_variants.ts: ${flag} must be an integer >= ${min}, got "${text}"`,
    );
  }
  return value;
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    if (error instanceof _UsageError || (error as Error).name === "ConfigError") {
      console.error((error as Error).message);
      Deno.exit(2);
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE")) {
      console.error(`profile_variants.ts: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
