/**
 * CPU-profiles one run per variant (`deno run --cpu-prof` of the bench's own run child, with the
 * bench's permissions and the config's scenario) and prints where the time went: the areas
 * (npm packages, Deno's Node compatibility layer, the runtime) and the top functions by self
 * time. Profiles and a summary land in the output folder.
 *
 *   deno run --allow-read --allow-write --allow-env --allow-run scripts/profile_variants.ts \
 *     --hosts 20 --msgs 100 --variants default,deno-tcp,deno-native
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { ConfigError, loadBenchConfig } from "../lib/config/mod.ts";
import type { ChildParams, ChildReport } from "../lib/bench/run_child.ts";
import { CHILD_PERMISSIONS } from "../lib/bench/run_in_child.ts";
import {
  type CpuProfile,
  type CpuProfileSummary,
  summarizeCpuProfile,
} from "../lib/bench/summarize_cpu_profile.ts";

const USAGE = `Usage: deno run --allow-read --allow-write --allow-env --allow-run \\
  scripts/profile_variants.ts [options]

Runs one bench run per variant under the V8 CPU profiler and summarises self time.

Options:
  --hosts N        hosts of the run (default 20)
  --msgs M         random messages of the run (default 100)
  --variants LIST  variants, comma-separated (default default,deno-tcp,deno-native)
  --pattern P      serial or burst (default: the config's)
  --seed S         the run's seed (default 1)
  --top K          functions listed per variant (default 15)
  --config FILE    bench config (default bench.yml)
  --out DIR        output folder (default results/profiles/<time>)`;

const RUN_CHILD = new URL("../lib/bench/run_child.ts", import.meta.url).pathname;
const PROJECT_ROOT = new URL("../", import.meta.url).pathname;

/** One variant's run: its report and its profile's summary. */
interface ProfiledRun {
  variant: string;
  report: ChildReport;
  profileFile: string;
  summary: CpuProfileSummary;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      hosts: { type: "string", default: "20" },
      msgs: { type: "string", default: "100" },
      variants: { type: "string", default: "default,deno-tcp,deno-native" },
      pattern: { type: "string" },
      seed: { type: "string", default: "1" },
      top: { type: "string", default: "15" },
      config: { type: "string", default: "bench.yml" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  for (const flag of ["hosts", "msgs", "top", "seed"] as const) {
    if (!/^\d+$/.test(values[flag])) {
      console.error(`error: flag --${flag}: must be a whole number, got "${values[flag]}"`);
      return 2;
    }
  }
  const config = await loadBenchConfig({
    file: values.config,
    env: {},
    flags: {
      hosts: values.hosts,
      msgs: values.msgs,
      variants: values.variants,
      ...(values.pattern !== undefined ? { pattern: values.pattern } : {}),
    },
  });
  const outDir = resolve(
    values.out ?? `results/profiles/${new Date().toISOString().replace(/[:.]/g, "-")}`,
  );
  await Deno.mkdir(outDir, { recursive: true });
  const runs: ProfiledRun[] = [];
  for (const variant of config.matrix.variants) {
    const params: ChildParams = {
      hosts: config.matrix.hosts[0],
      msgs: config.matrix.msgs[0],
      variant: config.variants[variant],
      scenario: config.scenario,
      seed: Number(values.seed),
    };
    console.error(`profiling ${variant}: ${params.hosts} hosts x ${params.msgs} msgs ...`);
    runs.push(await _profileRun(variant, params, outDir, config.runTimeoutMs, Number(values.top)));
  }
  const markdown = _render(runs, config.scenario.pattern);
  await Deno.writeTextFile(`${outDir}/summary.md`, markdown);
  await Deno.writeTextFile(
    `${outDir}/summary.json`,
    JSON.stringify(
      runs.map(({ variant, report, profileFile, summary }) => ({
        variant,
        ok: report.ok,
        cpuMs: report.measurements.cpuMs,
        activeMs: report.measurements.activeMs,
        profileFile,
        summary,
      })),
      null,
      2,
    ),
  );
  console.log(markdown);
  console.error(`profiles and summary: ${outDir}`);
  return runs.every((run) => run.report.ok) ? 0 : 1;
}

async function _profileRun(
  variant: string,
  params: ChildParams,
  outDir: string,
  timeoutMs: number,
  top: number,
): Promise<ProfiledRun> {
  const profileDir = `${outDir}/${variant}`;
  await Deno.mkdir(profileDir, { recursive: true });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...CHILD_PERMISSIONS, RUN_CHILD],
    cwd: PROJECT_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
    // as the bench's runs: libp2p's logger checks isatty per logger unless colours are off
    env: { DEBUG_COLORS: "no" },
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(params)));
  await writer.close();
  const [output, status] = await Promise.all([new Response(child.stdout).text(), child.status]);
  clearTimeout(timer);
  if (!status.success) throw new Error(`the ${variant} run exited with ${status.code}`);
  const report = JSON.parse(output.split("\n")[0]) as ChildReport;
  const [file] = [...Deno.readDirSync(profileDir)]
    .filter((entry) => entry.name.endsWith(".cpuprofile"))
    .map((entry) => `${profileDir}/${entry.name}`);
  if (file === undefined) throw new Error(`the ${variant} run wrote no .cpuprofile`);
  const profile = JSON.parse(await Deno.readTextFile(file)) as CpuProfile;
  return { variant, report, profileFile: file, summary: summarizeCpuProfile(profile, { top }) };
}

function _render(runs: ProfiledRun[], pattern: string): string {
  const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
  const lines: string[] = [];
  for (const { variant, report, summary } of runs) {
    const m = report.measurements;
    lines.push(
      `### ${variant}: ${m.messagesDelivered}/${m.messagesExpected} delivered (${pattern}), ` +
        `CPU ${(m.cpuMs / 1000).toFixed(2)} s, active ${(m.activeMs / 1000).toFixed(2)} s, ` +
        `profiled busy ${(summary.busyMs / 1000).toFixed(2)} s`,
      "",
      "| area | self | share |",
      "| --- | ---: | ---: |",
      ...summary.areas.slice(0, 10).map((area) =>
        `| ${area.label} | ${area.selfMs.toFixed(0)} ms | ${percent(area.share)} |`
      ),
      "",
      "| function | area | self | share |",
      "| --- | --- | ---: | ---: |",
      ...summary.functions.map((fn) =>
        `| \`${fn.label.replaceAll("|", "\\|")}\` | ${fn.area} | ${fn.selfMs.toFixed(0)} ms | ${
          percent(fn.share)
        } |`
      ),
      "",
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`error: ${err.message}`);
      Deno.exit(2);
    }
    throw err;
  }
}
