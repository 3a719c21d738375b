/**
 * What a bench command runs, and where: a new bench's config and folder, or a bench to resume
 * with the config saved in its folder (and which flags and variables may not change it).
 *
 * @module
 */
import {
  BENCH_ENV_NAMES,
  type BenchFlags,
  ConfigError,
  findEnvironmentChanges,
  loadBenchConfig,
  osReason,
  parseBenchConfig,
  readEnvironment,
} from "../config/mod.ts";
import type { BenchConfig } from "../config/types.ts";
import { BenchError, CONFIG_FILE, createBenchFolder, findNewestBench } from "./bench_folder.ts";
import { TWIN_VARIANT } from "./noise_calibration.ts";
import { assignCellsToShards, formatShard } from "./shard_matrix.ts";
import { findResourceProblem } from "./check_run_resources.ts";
import { findV8FlagsProblem } from "./v8_flags.ts";

/** A command-line mistake; main.ts prints it as one line and exits 2. */
export class UsageError extends Error {
  /** Creates a UsageError. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The bench flags that choose the config and the folder. */
export interface BenchTargetFlags extends BenchFlags {
  config?: string;
  profile?: string;
  out?: string;
  calibrate: boolean;
  /** Start even when the biggest runs look too big for this machine. */
  force?: boolean;
}

/** A bench's config and folder. */
export interface BenchTarget {
  config: BenchConfig;
  outDir: string;
}

/** A new bench's config (file, profile, environment, flags) and folder. */
export async function freshBenchTarget(flags: BenchTargetFlags): Promise<BenchTarget> {
  const config = await loadBenchConfig({ file: flags.config, profile: flags.profile, flags });
  if (flags.calibrate && flags.variants !== undefined) {
    throw new UsageError("bench --calibrate runs default and twin; drop --variants");
  }
  _checkShardFits(config);
  const v8Problem = await findV8FlagsProblem(config.v8Flags);
  if (v8Problem !== undefined) throw new ConfigError(v8Problem);
  if (!flags.force) await _checkResources(config);
  const outDir = flags.out ?? await createBenchFolder(config.resultsRoot, new Date());
  if (flags.calibrate) {
    return {
      config: { ...config, matrix: { ...config.matrix, variants: ["default", TWIN_VARIANT] } },
      outDir,
    };
  }
  return { config, outDir };
}

/** A shard must hold at least one cell: more shards than cells is a mistake, not an empty run. */
function _checkShardFits(config: BenchConfig): void {
  const shard = config.shard;
  if (shard === undefined) return;
  const cells = config.matrix.hosts.length * config.matrix.msgs.length;
  if (assignCellsToShards(config.matrix, shard.count)[shard.index - 1].length === 0) {
    throw new ConfigError(
      `shard ${formatShard(shard)}: the matrix has ${cells} cells (hosts x msgs) and a cell ` +
        `is never split, so use at most ${cells} shards`,
    );
  }
}

/** Resuming takes the config the bench was started with, so its plan and seeds stay the same. */
export async function resumeBenchTarget(flags: BenchTargetFlags): Promise<BenchTarget> {
  const overriding = ([
    "config",
    "profile",
    "hosts",
    "msgs",
    "variants",
    "iterations",
    "warmups",
    "warmupsPerVariant",
    "seed",
    "untilCiWidth",
    "maxIterations",
    "pattern",
    "runTimeoutMs",
    "shards",
    "readyTopicPeers",
    "v8Flags",
    "trace",
    "tracingHost",
    "tracingMachines",
    "journal",
  ] as const)
    .filter((key) => flags[key] !== undefined);
  if (overriding.length > 0) {
    throw new UsageError(
      `bench --resume uses the config saved with the bench; drop ${
        overriding.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
          .join(", ")
      }`,
    );
  }
  const env = readEnvironment(BENCH_ENV_NAMES);
  const outDir = flags.out ??
    await findNewestBench(flags.resultsRoot || env.BENCH_RESULTS_ROOT || "results").catch(
      (error) => {
        throw new BenchError(`cannot resume: ${error.message}`);
      },
    );
  const path = `${outDir}/${CONFIG_FILE}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new BenchError(
      `cannot resume "${outDir}": no readable ${CONFIG_FILE} (${osReason(error)})`,
    );
  }
  // An empty file parses as all defaults: resuming would run the default matrix into this bench.
  if (text.trim() === "") {
    throw new BenchError(
      `cannot resume "${outDir}": its ${CONFIG_FILE} is empty (cut short by a crash?), so the ` +
        `bench's plan is unknown; start a new bench`,
    );
  }
  let saved: BenchConfig;
  let asSaved: BenchConfig;
  try {
    // Only how many runs go at once and what their processes load may change: they are the
    // machine's, not the plan's.
    saved = parseBenchConfig(text, path, {
      env: { BENCH_JOBS: env.BENCH_JOBS, BENCH_CHILD_MODULES: env.BENCH_CHILD_MODULES },
      // How the verdicts are judged does not change the runs either.
      flags: {
        jobs: flags.jobs,
        childModules: flags.childModules,
        minSamples: flags.minSamples,
        primary: flags.primary,
      },
    });
    asSaved = parseBenchConfig(text, path, { env: {} });
  } catch (error) {
    throw new BenchError(
      `cannot resume "${outDir}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
  if (flags.shard !== undefined) {
    const asked = parseBenchConfig("", "--shard", { flags: { shard: flags.shard } }).shard;
    const own = saved.shard === undefined
      ? "the whole matrix"
      : `shard ${formatShard(saved.shard)}`;
    if (
      asked === undefined || saved.shard === undefined || asked.index !== saved.shard.index ||
      asked.count !== saved.shard.count
    ) {
      throw new UsageError(
        `bench --resume: "${outDir}" ran ${own}; resuming it with --shard ${flags.shard} is ` +
          `refused (drop --shard, or resume that shard's own bench)`,
      );
    }
  }
  _checkSequentialResume(saved, asSaved, outDir);
  // A variable is refused like a flag when it would change the saved config, and a bad value
  // is an error here as everywhere: it must not pass silently because the bench is resumed.
  const changing = findEnvironmentChanges(saved, env);
  if (changing.length > 0) {
    throw new UsageError(
      `bench --resume uses the config saved with the bench ("${path}"); unset ${
        changing.join(", ")
      } or give the saved values`,
    );
  }
  if (!flags.force) await _checkResources(saved);
  return { config: saved, outDir };
}

/** Refuses, before anything is written, a bench this machine cannot hold (unless --force). */
async function _checkResources(config: BenchConfig): Promise<void> {
  const problem = await findResourceProblem(config);
  if (problem !== undefined) throw new UsageError(`bench: ${problem}`);
}

/**
 * A sequential bench's plan depends on its headline figure and its minimum sample count (the
 * stop rule watches that figure's CI, with at least that many pairs): resuming it with others
 * would change the plan half-way, so they must stay as saved.
 */
function _checkSequentialResume(resumed: BenchConfig, saved: BenchConfig, outDir: string): void {
  if (saved.matrix.untilCiWidth === undefined) return;
  const changed = [
    resumed.comparison.primary !== saved.comparison.primary
      ? `--primary (saved: ${saved.comparison.primary})`
      : undefined,
    resumed.comparison.minSamples !== saved.comparison.minSamples
      ? `--min-samples (saved: ${saved.comparison.minSamples})`
      : undefined,
  ].filter((text) => text !== undefined);
  if (changed.length > 0) {
    throw new UsageError(
      `bench --resume: "${outDir}" samples until a CI is narrow enough, and its stop rule uses ` +
        `the saved settings; drop ${changed.join(", ")} (deno task report can judge with others)`,
    );
  }
}
