/**
 * The bench's command-line flags as the config reads them, in a file of their own: the config
 * parser and the overrides both use the type, and neither imports the other for it.
 *
 * @module
 */

/**
 * Overrides from the command line, as raw strings the way a CLI parser gives them. Lists
 * (`hosts`, `msgs`, `variants`) are comma-separated; a single value is a list of one.
 * Each flag overrides its environment variable, which overrides the file.
 */
export interface BenchFlags {
  /** `--hosts`: host counts, e.g. `"5,10"`; overrides `matrix.hosts`. */
  hosts?: string;
  /** `--msgs`: message counts, e.g. `"20,100"`; overrides `matrix.msgs`. */
  msgs?: string;
  /** `--variants`: variant names, e.g. `"default,floodsub"`; overrides `matrix.variants`. */
  variants?: string;
  /** `--iterations`: counted runs per cell; overrides `matrix.iterations`. */
  iterations?: string;
  /** `--warmups`: uncounted runs per cell; overrides `matrix.warmups`. */
  warmups?: string;
  /** `--seed`: base seed; overrides `matrix.seed`. */
  seed?: string;
  /** `--pattern`: `serial` or `burst`; overrides `scenario.pattern`. */
  pattern?: string;
  /** `--min-samples`: fewest runs per side for a verdict; overrides `comparison.minSamples`. */
  minSamples?: string;
  /** `--primary`: `activeMs` or `cpuMs`; overrides `comparison.primary`. */
  primary?: string;
  /** `--run-timeout-ms`: hard timeout of one run, in ms; overrides `runTimeoutMs`. */
  runTimeoutMs?: string;
  /** `--results-root`: folder of the results; overrides `resultsRoot`. */
  resultsRoot?: string;
  /** `--trace`: `"true"` or `"false"`; overrides `telemetry.trace`. */
  trace?: string;
  /** `--tracing-host`: 0 or 1; overrides `telemetry.tracingHost`. */
  tracingHost?: string;
  /** `--tracing-machines`: 0, 1 or 2; overrides `telemetry.tracingMachines`. */
  tracingMachines?: string;
  /** `--journal`: `"true"` or `"false"`; overrides `telemetry.journal`. */
  journal?: string;
  /** `--warmups-per-variant`: warm-up rounds at the bench's start; overrides `matrix.warmupsPerVariant`. */
  warmupsPerVariant?: string;
  /** `--jobs`: runs at once, a number or `auto`; overrides `jobs`. */
  jobs?: string;
  /** `--shard`: `I/N`, the slice of the matrix to run; overrides `shard`. */
  shard?: string;
  /** `--until-ci-width`: stop a cell once its ratios' CIs are this narrow; overrides `matrix.untilCiWidth`. */
  untilCiWidth?: string;
  /** `--max-iterations`: the most rounds a cell runs then; overrides `matrix.maxIterations`. */
  maxIterations?: string;
  /** `--shards`: shards of one run, a number or `auto`; overrides `shards`. */
  shards?: string;
  /** `--ready-topic-peers`: host 0's readiness target; overrides `scenario.readyTopicPeers`. */
  readyTopicPeers?: string;
  /** `--v8-flags`: V8 flags of every run's process, comma-separated; overrides `v8Flags`. */
  v8Flags?: string;
  /** `--child-modules`: `bundle` or `source`; overrides `childModules`. */
  childModules?: string;
}
