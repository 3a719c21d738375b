/**
 * Environment variables and command-line flags that override the file's matrix and paths.
 *
 * @module
 */

import { ConfigError } from "./config_error.ts";
import type { ResolvedConfig } from "./_resolve.ts";
import { unknownVariantText } from "./_resolve.ts";
import type { BenchFlags } from "./parse_bench_config.ts";
import type { PrimaryFigure, PublishPattern } from "./types.ts";

/** A parsed value, or the text that follows the input's label in the error message. */
type _Parsed<T> = { value: T } | { error: string };

interface _Override<T> {
  env: string;
  /** Absent: only the environment sets it. */
  flag?: keyof BenchFlags;
  flagName: string;
  parse(raw: string, defined: readonly string[]): _Parsed<T>;
  apply(config: ResolvedConfig, value: T): ResolvedConfig;
}

/** The environment variables read, in the order they are applied. */
export const ENV_NAMES: readonly string[] = [
  "NUM_HOSTS",
  "RAND_MSGS",
  "BENCH_VARIANTS",
  "BENCH_ITERATIONS",
  "BENCH_WARMUPS",
  "BENCH_SEED",
  "BENCH_PATTERN",
  "BENCH_RUN_TIMEOUT_MS",
  "BENCH_RESULTS_ROOT",
  "BENCH_TRACE",
  "PS_TRACING_HOST",
  "PS_TRACING_AM",
  "PS_AM_DEBUG",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "BENCH_MIN_SAMPLES",
  "BENCH_PRIMARY",
];

const _PATTERNS: readonly PublishPattern[] = ["serial", "burst"];

function _override<T>(spec: _Override<T>): _Override<unknown> {
  return spec as _Override<unknown>;
}

function _matrix(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["matrix"]>,
): ResolvedConfig {
  return { ...config, matrix: { ...config.matrix, ...change } };
}

const _OVERRIDES: readonly _Override<unknown>[] = [
  _override({
    env: "NUM_HOSTS",
    flag: "hosts",
    flagName: "--hosts",
    parse: (raw) => _parseIntList(raw, 2),
    apply: (config, hosts: number[]) => _matrix(config, { hosts }),
  }),
  _override({
    env: "RAND_MSGS",
    flag: "msgs",
    flagName: "--msgs",
    parse: (raw) => _parseIntList(raw, 1),
    apply: (config, msgs: number[]) => _matrix(config, { msgs }),
  }),
  _override({
    env: "BENCH_VARIANTS",
    flag: "variants",
    flagName: "--variants",
    parse: _parseVariants,
    apply: (config, variants: string[]) => _matrix(config, { variants }),
  }),
  _override({
    env: "BENCH_ITERATIONS",
    flag: "iterations",
    flagName: "--iterations",
    parse: (raw) => _parseInt(raw, 1),
    apply: (config, iterations: number) => _matrix(config, { iterations }),
  }),
  _override({
    env: "BENCH_WARMUPS",
    flag: "warmups",
    flagName: "--warmups",
    parse: (raw) => _parseInt(raw, 0),
    apply: (config, warmups: number) => _matrix(config, { warmups }),
  }),
  _override({
    env: "BENCH_SEED",
    flag: "seed",
    flagName: "--seed",
    parse: (raw) => _parseInt(raw),
    apply: (config, seed: number) => _matrix(config, { seed }),
  }),
  _override({
    env: "BENCH_PATTERN",
    flag: "pattern",
    flagName: "--pattern",
    parse: (raw): _Parsed<PublishPattern> =>
      (_PATTERNS as readonly string[]).includes(raw)
        ? { value: raw as PublishPattern }
        : _reject(`must be one of ${_PATTERNS.join(", ")}`, raw),
    apply: (config, pattern: PublishPattern) => ({
      ...config,
      scenario: { ...config.scenario, pattern },
    }),
  }),
  _override({
    env: "BENCH_RUN_TIMEOUT_MS",
    flag: "runTimeoutMs",
    flagName: "--run-timeout-ms",
    parse: (raw) => _parseInt(raw, 1, "must be an integer > 0"),
    apply: (config, runTimeoutMs: number) => ({ ...config, runTimeoutMs }),
  }),
  _override({
    env: "BENCH_RESULTS_ROOT",
    flag: "resultsRoot",
    flagName: "--results-root",
    parse: (raw) => raw === "" ? _reject("must be a non-empty path", raw) : { value: raw },
    apply: (config, resultsRoot: string) => ({ ...config, resultsRoot }),
  }),
  _override({
    env: "BENCH_TRACE",
    flag: "trace",
    flagName: "--trace",
    parse: _parseSwitch,
    apply: (config, trace: boolean) => _telemetry(config, { trace }),
  }),
  _override({
    env: "PS_TRACING_HOST",
    flag: "tracingHost",
    flagName: "--tracing-host",
    parse: (raw) => _parseLevel(raw, 1),
    apply: (config, tracingHost: 0 | 1) => _telemetry(config, { tracingHost }),
  }),
  _override({
    env: "PS_TRACING_AM",
    flag: "tracingMachines",
    flagName: "--tracing-machines",
    parse: (raw) => _parseLevel(raw, 2),
    apply: (config, tracingMachines: 0 | 1 | 2) => _telemetry(config, { tracingMachines }),
  }),
  _override({
    env: "PS_AM_DEBUG",
    flag: "journal",
    flagName: "--journal",
    parse: _parseSwitch,
    apply: (config, journal: boolean) => _telemetry(config, { journal }),
  }),
  _override({
    env: "OTEL_EXPORTER_OTLP_ENDPOINT",
    flagName: "(none)",
    parse: (raw) => URL.canParse(raw) ? { value: raw } : _reject("must be a URL", raw),
    apply: (config, otlpEndpoint: string) => _telemetry(config, { otlpEndpoint }),
  }),
  _override({
    env: "BENCH_MIN_SAMPLES",
    flag: "minSamples",
    flagName: "--min-samples",
    parse: (raw) => _parseInt(raw, 2),
    apply: (config, minSamples: number) => _comparison(config, { minSamples }),
  }),
  _override({
    env: "BENCH_PRIMARY",
    flag: "primary",
    flagName: "--primary",
    parse: (raw): _Parsed<PrimaryFigure> =>
      (_PRIMARIES as readonly string[]).includes(raw)
        ? { value: raw as PrimaryFigure }
        : _reject(`must be one of ${_PRIMARIES.join(", ")}`, raw),
    apply: (config, primary: PrimaryFigure) => _comparison(config, { primary }),
  }),
];

const _PRIMARIES: readonly PrimaryFigure[] = ["activeMs", "cpuMs"];

function _comparison(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["comparison"]>,
): ResolvedConfig {
  return { ...config, comparison: { ...config.comparison, ...change } };
}

function _telemetry(
  config: ResolvedConfig,
  change: Partial<ResolvedConfig["telemetry"]>,
): ResolvedConfig {
  return { ...config, telemetry: { ...config.telemetry, ...change } };
}

/** 1/true/yes/on or 0/false/no/off, as the Go project's switches were set. */
function _parseSwitch(raw: string): _Parsed<boolean> {
  const text = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return { value: true };
  if (["0", "false", "no", "off"].includes(text)) return { value: false };
  return _reject("must be 1 or 0 (or true / false)", raw);
}

function _parseLevel<T extends number>(raw: string, max: T): _Parsed<T> {
  const value = _toInt(raw);
  if (value === undefined || value < 0 || value > max) {
    return _reject(`must be an integer from 0 to ${max}`, raw);
  }
  return { value: value as T };
}

/**
 * `config` with the environment's overrides, then the flags' on top. Empty environment values
 * are ignored (an unset-by-blanking variable); an empty flag value is an error. Every given
 * value is checked, even one a flag then overrides.
 *
 * @throws {ConfigError} naming the variable (`env NUM_HOSTS ...`) or flag (`flag --hosts ...`).
 */
export function applyOverrides(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<BenchFlags>,
): ResolvedConfig {
  const defined = Object.keys(config.variants);
  let result = config;
  for (const layer of ["env", "flag"] as const) {
    for (const override of _OVERRIDES) {
      const raw = layer === "env"
        ? env[override.env]
        : override.flag === undefined
        ? undefined
        : flags[override.flag];
      if (raw === undefined || (layer === "env" && raw === "")) continue;
      const parsed = override.parse(raw, defined);
      if ("error" in parsed) {
        const label = layer === "env" ? `env ${override.env}` : `flag ${override.flagName}`;
        throw new ConfigError(`${label}${parsed.error}`);
      }
      result = override.apply(result, parsed.value);
    }
  }
  return result;
}

function _reject(rule: string, raw: string): { error: string } {
  return { error: ` ${rule}, got ${JSON.stringify(raw)}` };
}

/** A decimal integer, optionally signed, with surrounding spaces allowed. */
function _toInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

function _parseInt(raw: string, min?: number, rule?: string): _Parsed<number> {
  const value = _toInt(raw);
  if (value === undefined || (min !== undefined && value < min)) {
    return _reject(
      rule ?? (min === undefined ? "must be an integer" : `must be an integer >= ${min}`),
      raw,
    );
  }
  return { value };
}

function _parseIntList(raw: string, min: number): _Parsed<number[]> {
  const values = raw.split(",").map(_toInt);
  if (values.some((value) => value === undefined || value < min)) {
    return _reject(`must be a comma-separated list of integers >= ${min}`, raw);
  }
  return _distinct(values as number[], raw);
}

function _parseVariants(raw: string, defined: readonly string[]): _Parsed<string[]> {
  const names = raw.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) {
    return _reject("must be a comma-separated list of variant names", raw);
  }
  const unknown = names.find((name) => !defined.includes(name));
  if (unknown !== undefined) return { error: `: ${unknownVariantText(unknown, defined)}` };
  return _distinct(names, raw);
}

function _distinct<T>(values: T[], raw: string): _Parsed<T[]> {
  return new Set(values).size === values.length
    ? { value: values }
    : _reject("must not repeat a value", raw);
}
