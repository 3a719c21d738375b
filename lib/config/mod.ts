/**
 * The benchmark's configuration: `bench.yml`, a profile, environment variables and flags,
 * merged into one validated, fully defaulted {@linkcode BenchConfig}.
 *
 * Precedence, lowest first: the defaults (see `types.ts`), the file's top level, the chosen
 * profile, the environment (`NUM_HOSTS`, `RAND_MSGS`, `BENCH_*`), the flags. Every error is a
 * {@linkcode ConfigError} with a one-line message naming the file and line, the variable or the
 * flag, the rule and the value it got.
 *
 * @example
 * ```ts ignore
 * import { ConfigError, loadBenchConfig } from "./lib/config/mod.ts";
 *
 * try {
 *   const config = await loadBenchConfig({ file: "bench.yml", profile: "smoke" });
 *   console.log(config.matrix.hosts);
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 *
 * @module
 */

export type {
  BenchConfig,
  EncryptionName,
  GossipsubOptions,
  MatrixConfig,
  OrchestrationName,
  PublishPattern,
  RouterName,
  ScenarioConfig,
  StackName,
  TransportName,
  VariantSpec,
} from "./types.ts";
export { ConfigError } from "./config_error.ts";
export { BUILTIN_VARIANTS } from "./builtin_variants.ts";
export {
  type BenchFlags,
  parseBenchConfig,
  type ParseBenchConfigOptions,
} from "./parse_bench_config.ts";
export { loadBenchConfig, type LoadBenchConfigOptions } from "./load_bench_config.ts";
export { formatPath, formatValue, readYamlSource, valueAt } from "./_yaml_source.ts";
export type { Path, YamlSource } from "./_yaml_source.ts";
export { osReason, readEnvironment } from "./read_environment.ts";
export {
  distinctValues,
  flagField,
  type IntBounds,
  intFromText,
  intRule,
  isHttpUrl,
  isIntWithin,
  type OverrideKey,
  type OverrideOrigin,
  type OverrideValue,
  type ParsedText,
  parseIntListText,
  parseIntText,
  readOverrides,
  type ReadOverridesOptions,
  rejectText,
  switchFromText,
} from "./overrides.ts";
export { ENV_NAMES as BENCH_ENV_NAMES, findEnvironmentChanges } from "./_overrides.ts";
export {
  type FlagSpecs,
  type ParsedFlags,
  parseFlags,
  type ParseFlagsOptions,
} from "./parse_flags.ts";
export { jsonErrorReason, oneLine } from "./one_line.ts";
export {
  createSignalGate,
  listenForStopSignals,
  REPEAT_WINDOW_MS,
  type SignalGate,
  type SignalGateOptions,
  type SignalVerdict,
  type StopSignalHandlers,
  type StopSignalOptions,
} from "./stop_signals.ts";
