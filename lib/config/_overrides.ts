/**
 * Environment variables and command-line flags that override the bench file's matrix, paths and
 * telemetry, read by the shared {@linkcode readOverrides}.
 *
 * @module
 */

import type { ResolvedConfig } from "./_resolve.ts";
import { unknownVariantText } from "./_resolve.ts";
import { COMPARISON_LIMITS, MATRIX_LIMITS, RUN_LIMITS, SCENARIO_LIMITS } from "./_limits.ts";
import {
  distinctValues,
  intFromText,
  isHttpUrl,
  type OverrideKey,
  type ParsedText,
  parseIntListText,
  parseIntText,
  readOverrides,
  rejectText,
  switchFromText,
} from "./overrides.ts";
import type { BenchFlags } from "./bench_flags.ts";
import type {
  ChildModules,
  JobsSetting,
  PrimaryFigure,
  PublishPattern,
  ShardSpec,
  ShardsSetting,
} from "./types.ts";
import {
  CHILD_MODULES,
  CHILD_MODULES_RULE,
  JOBS_RULE,
  MAX_JOBS,
  parseShard,
  SHARD_RULE,
  SHARDS_RULE,
  V8_FLAG_PATTERN,
  V8_FLAG_RULE,
} from "./_schema.ts";
import { parseCiWidthText } from "./_sequential.ts";

/** A bench override: the shared key, and how its value changes the config. */
interface _BenchOverride<T> extends OverrideKey<T> {
  apply(config: ResolvedConfig, value: T): ResolvedConfig;
}

const _PATTERNS: readonly PublishPattern[] = ["serial", "burst"];

function _override<T>(spec: _BenchOverride<T>): _BenchOverride<unknown> {
  return spec as _BenchOverride<unknown>;
}

function _matrix(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["matrix"]>,
): ResolvedConfig {
  return { ...config, matrix: { ...config.matrix, ...change } };
}

function _telemetry(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["telemetry"]>,
): ResolvedConfig {
  return { ...config, telemetry: { ...config.telemetry, ...change } };
}

/** Every override of the bench config, in the order they are applied within a layer. */
function _overrides(defined: readonly string[]): readonly _BenchOverride<unknown>[] {
  return [
    _override({
      env: ["NUM_HOSTS"],
      flag: "--hosts",
      parse: (raw) => parseIntListText(raw, MATRIX_LIMITS.hosts),
      apply: (config, hosts: number[]) => _matrix(config, { hosts }),
    }),
    _override({
      env: ["RAND_MSGS"],
      flag: "--msgs",
      parse: (raw) => parseIntListText(raw, MATRIX_LIMITS.msgs),
      apply: (config, msgs: number[]) => _matrix(config, { msgs }),
    }),
    _override({
      env: ["BENCH_VARIANTS"],
      flag: "--variants",
      parse: (raw) => _parseVariants(raw, defined),
      apply: (config, variants: string[]) => _matrix(config, { variants }),
    }),
    _override({
      env: ["BENCH_ITERATIONS"],
      flag: "--iterations",
      parse: (raw) => parseIntText(raw, MATRIX_LIMITS.iterations),
      apply: (config, iterations: number) => _matrix(config, { iterations }),
    }),
    _override({
      env: ["BENCH_UNTIL_CI_WIDTH"],
      flag: "--until-ci-width",
      parse: parseCiWidthText,
      apply: (config, untilCiWidth: number) => _matrix(config, { untilCiWidth }),
    }),
    _override({
      env: ["BENCH_MAX_ITERATIONS"],
      flag: "--max-iterations",
      parse: (raw) => parseIntText(raw, MATRIX_LIMITS.maxIterations),
      apply: (config, maxIterations: number) => _matrix(config, { maxIterations }),
    }),
    _override({
      env: ["BENCH_WARMUPS"],
      flag: "--warmups",
      parse: (raw) => parseIntText(raw, MATRIX_LIMITS.warmups),
      apply: (config, warmups: number) => _matrix(config, { warmups }),
    }),
    _override({
      env: ["BENCH_WARMUPS_PER_VARIANT"],
      flag: "--warmups-per-variant",
      parse: (raw) => parseIntText(raw, MATRIX_LIMITS.warmupsPerVariant),
      apply: (config, warmupsPerVariant: number) => _matrix(config, { warmupsPerVariant }),
    }),
    _override({
      env: ["BENCH_SEED"],
      flag: "--seed",
      parse: (raw) => parseIntText(raw, MATRIX_LIMITS.seed),
      apply: (config, seed: number) => _matrix(config, { seed }),
    }),
    _override({
      env: ["BENCH_PATTERN"],
      flag: "--pattern",
      parse: (raw): ParsedText<PublishPattern> =>
        (_PATTERNS as readonly string[]).includes(raw)
          ? { value: raw as PublishPattern }
          : rejectText(`must be one of ${_PATTERNS.join(", ")}`, raw),
      apply: (config, pattern: PublishPattern) => ({
        ...config,
        scenario: { ...config.scenario, pattern },
      }),
    }),
    _override({
      env: ["BENCH_READY_TOPIC_PEERS"],
      flag: "--ready-topic-peers",
      parse: (raw) => parseIntText(raw, SCENARIO_LIMITS.readyTopicPeers),
      apply: (config, readyTopicPeers: number) => ({
        ...config,
        scenario: { ...config.scenario, readyTopicPeers },
      }),
    }),
    _override({
      env: ["BENCH_V8_FLAGS"],
      flag: "--v8-flags",
      parse: _parseV8Flags,
      apply: (config, v8Flags: string[]) => {
        const { v8Flags: _, ...rest } = config;
        return v8Flags.length > 0 ? { ...rest, v8Flags } : rest;
      },
    }),
    _override({
      env: ["BENCH_RUN_TIMEOUT_MS"],
      flag: "--run-timeout-ms",
      parse: (raw) => parseIntText(raw, RUN_LIMITS.runTimeoutMs),
      apply: (config, runTimeoutMs: number) => ({ ...config, runTimeoutMs }),
    }),
    _override({
      env: ["BENCH_RESULTS_ROOT"],
      flag: "--results-root",
      parse: (raw) => raw === "" ? rejectText("must be a non-empty path", raw) : { value: raw },
      apply: (config, resultsRoot: string) => ({ ...config, resultsRoot }),
    }),
    _override({
      env: ["BENCH_TRACE"],
      flag: "--trace",
      parse: (raw) => _parseSwitch(raw),
      apply: (config, trace: boolean) => _telemetry(config, { trace }),
    }),
    _override({
      env: ["PS_TRACING_HOST"],
      flag: "--tracing-host",
      parse: (raw) => _parseLevel(raw, 1),
      apply: (config, tracingHost: 0 | 1) => _telemetry(config, { tracingHost }),
    }),
    _override({
      env: ["PS_TRACING_AM"],
      flag: "--tracing-machines",
      parse: (raw) => _parseLevel(raw, 2),
      apply: (config, tracingMachines: 0 | 1 | 2) => _telemetry(config, { tracingMachines }),
    }),
    _override({
      env: ["PS_AM_DEBUG"],
      flag: "--journal",
      parse: (raw) => _parseSwitch(raw),
      apply: (config, journal: boolean) => _telemetry(config, { journal }),
    }),
    _override({
      env: ["BENCH_JOBS"],
      flag: "--jobs",
      parse: _parseJobs,
      apply: (config, jobs: JobsSetting) => ({ ...config, jobs }),
    }),
    _override({
      env: ["BENCH_SHARD"],
      flag: "--shard",
      parse: (raw): ParsedText<ShardSpec> => {
        const shard = parseShard(raw);
        return shard === undefined ? rejectText(SHARD_RULE, raw) : { value: shard };
      },
      apply: (config, shard: ShardSpec) => ({ ...config, shard }),
    }),
    _override({
      env: ["BENCH_SHARDS"],
      flag: "--shards",
      parse: _parseShards,
      apply: (config, shards: ShardsSetting) => ({ ...config, shards }),
    }),
    _override({
      env: ["BENCH_CHILD_MODULES"],
      flag: "--child-modules",
      parse: (raw): ParsedText<ChildModules> => {
        const value = raw.trim() as ChildModules;
        return CHILD_MODULES.includes(value) ? { value } : rejectText(CHILD_MODULES_RULE, raw);
      },
      apply: (config, childModules: ChildModules) => ({ ...config, childModules }),
    }),
    _override({
      env: ["OTEL_EXPORTER_OTLP_ENDPOINT"],
      parse: (raw) =>
        isHttpUrl(raw.trim())
          ? { value: raw.trim() }
          : rejectText("must be an http(s) URL such as http://127.0.0.1:4318", raw),
      apply: (config, otlpEndpoint: string) => _telemetry(config, { otlpEndpoint }),
    }),
    _override({
      env: ["BENCH_MIN_SAMPLES"],
      flag: "--min-samples",
      parse: (raw) => parseIntText(raw, COMPARISON_LIMITS.minSamples),
      apply: (config, minSamples: number) => _comparison(config, { minSamples }),
    }),
    _override({
      env: ["BENCH_PRIMARY"],
      flag: "--primary",
      parse: (raw): ParsedText<PrimaryFigure> =>
        (_PRIMARIES as readonly string[]).includes(raw)
          ? { value: raw as PrimaryFigure }
          : rejectText(`must be one of ${_PRIMARIES.join(", ")}`, raw),
      apply: (config, primary: PrimaryFigure) => _comparison(config, { primary }),
    }),
  ];
}

const _PRIMARIES: readonly PrimaryFigure[] = ["activeMs", "cpuMs"];

function _comparison(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["comparison"]>,
): ResolvedConfig {
  return { ...config, comparison: { ...config.comparison, ...change } };
}

/** The environment variables read, in the order they are applied. */
export const ENV_NAMES: readonly string[] = _overrides([]).flatMap((override) => override.env);

/**
 * `config` with the environment's overrides, then the flags' on top, and where each overridden
 * setting's value came from, by its flag (`--iterations` -> `flag --iterations` or `env
 * BENCH_ITERATIONS`). Empty environment values are ignored (an unset-by-blanking variable); an
 * empty flag value is an error. Every given value is checked, even one a flag then overrides.
 *
 * @throws {ConfigError} naming the variable (`env NUM_HOSTS ...`) or flag (`flag --hosts ...`).
 */
export function applyOverrides(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<BenchFlags>,
): { config: ResolvedConfig; originOf: (flag: string) => string | undefined } {
  const overrides = _overrides(Object.keys(config.variants));
  const given = readOverrides(overrides, {
    env,
    flags: flags as Readonly<Record<string, string | undefined>>,
  });
  // The last given value of a setting wins, so its origin is the one to name.
  const origins = new Map<string, string>();
  for (const { key, origin } of given) {
    if (key.flag !== undefined) origins.set(key.flag, `${origin.kind} ${origin.name}`);
  }
  return {
    config: given.reduce((result, { key, value }) => key.apply(result, value), config),
    originOf: (flag) => origins.get(flag),
  };
}

/**
 * The environment variables of `env` that are set and would change what `config` runs (its
 * `resultsRoot`, where benches are looked for, aside); a variable whose value breaks its rule
 * throws. Resuming a bench uses its saved config, so a variable that would change it must be
 * refused, not silently ignored.
 *
 * @throws {ConfigError} naming the variable, for a value that breaks its rule
 */
export function findEnvironmentChanges(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const overrides = _overrides(Object.keys(config.variants));
  const before = JSON.stringify(config);
  // How many runs go at once, and what their processes load, are the machine's business, not
  // the plan's: they may change.
  return readOverrides(overrides, { env })
    .filter(({ key, value }) =>
      JSON.stringify({
        ...key.apply(config, value),
        resultsRoot: config.resultsRoot,
        jobs: config.jobs,
        childModules: config.childModules,
      }) !== before
    )
    .map(({ origin }) => origin.name);
}

/** 1/true/yes/on or 0/false/no/off, as the Go project's switches were set. */
function _parseSwitch(raw: string): ParsedText<boolean> {
  const value = switchFromText(raw);
  return value === undefined ? rejectText("must be 1 or 0 (or true / false)", raw) : { value };
}

function _parseJobs(raw: string): ParsedText<JobsSetting> {
  if (raw.trim() === "auto") return { value: "auto" };
  const value = intFromText(raw);
  return value === undefined || value < 1 || value > MAX_JOBS
    ? rejectText(JOBS_RULE, raw)
    : { value };
}

function _parseShards(raw: string): ParsedText<ShardsSetting> {
  if (raw.trim() === "auto") return { value: "auto" };
  const value = intFromText(raw);
  return value === undefined || value < RUN_LIMITS.shards.min || value > RUN_LIMITS.shards.max
    ? rejectText(SHARDS_RULE, raw)
    : { value };
}

function _parseLevel<T extends number>(raw: string, max: T): ParsedText<T> {
  const value = intFromText(raw);
  if (value === undefined || value < 0 || value > max) {
    return rejectText(`must be an integer from 0 to ${max}`, raw);
  }
  return { value: value as T };
}

function _parseVariants(raw: string, defined: readonly string[]): ParsedText<string[]> {
  const names = raw.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) {
    return rejectText("must be a comma-separated list of variant names", raw);
  }
  const unknown = names.find((name) => !defined.includes(name));
  if (unknown !== undefined) return { error: `: ${unknownVariantText(unknown, defined)}` };
  return distinctValues(names, raw);
}

/** A comma- or space-separated list of V8 flags; empty means none. */
function _parseV8Flags(raw: string): ParsedText<string[]> {
  const flags = raw.split(/[\s,]+/).filter((flag) => flag !== "");
  const bad = flags.find((flag) => !V8_FLAG_PATTERN.test(flag));
  return bad === undefined ? { value: flags } : rejectText(`"${bad}" ${V8_FLAG_RULE}`, raw);
}
