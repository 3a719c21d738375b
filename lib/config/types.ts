/**
 * The benchmark's configuration, after YAML, environment and flags are merged and validated.
 * Everything inside `lib/` trusts these types; validation happens once, at the edge
 * (`load_bench_config.ts`).
 *
 * @module
 */

/** Which libp2p generation a variant's host is built on. */
export type StackName = "libp2p3" | "libp2p2";
/**
 * The pub/sub router. On the `libp2p3` stack `gossipsub` is `@libp2p/gossipsub` 17; on
 * `libp2p2` it is `@chainsafe/libp2p-gossipsub` 14.
 */
export type RouterName = "gossipsub" | "floodsub";
/** How a host's life is driven: plain async code, or xstate machines (the `states` variant). */
export type OrchestrationName = "plain" | "states";
/**
 * The transport between hosts. `tcp` is `@libp2p/tcp` (node:net through Deno's Node compatibility
 * layer), `deno-tcp` the project's own on `Deno.connect` / `Deno.listen` (same wire protocol);
 * `memory` has no IP and supports an injected link latency.
 */
export type TransportName = "tcp" | "deno-tcp" | "memory";
/** The connection encrypter. */
export type EncryptionName = "noise" | "plaintext";
/**
 * Who makes and checks Ed25519 signatures (host keys, Noise, signed peer records, every
 * StrictSign message): `@libp2p/crypto`'s `node:crypto` path (a key object built from a JWK on
 * every call), the same `node:crypto` operations with each key's object built once and kept
 * (`keyobject`), or Deno's WebCrypto. The signatures are the same bytes either way.
 */
export type Ed25519Name = "node" | "keyobject" | "webcrypto";
/** Serial: each message must reach every host before the next is published. Burst: all at once. */
export type PublishPattern = "serial" | "burst";

/** Router parameters a variant may set; unset fields keep the router's defaults. */
export interface GossipsubOptions {
  /** Mesh degree. @default 6 */
  D?: number;
  /** Lower mesh bound. @default 4 */
  Dlo?: number;
  /** Upper mesh bound. @default 12 */
  Dhi?: number;
  /** Heartbeat interval. @default 1000 */
  heartbeatIntervalMs?: number;
  /** Publisher sends to every topic peer, not only its mesh. @default true */
  floodPublish?: boolean;
}

/** One named host variant: its stack, router, transport, orchestration and crypto. */
export interface VariantSpec {
  /** @default "libp2p3" */
  stack: StackName;
  /** @default "gossipsub" */
  router: RouterName;
  /** @default "plain" */
  orchestration: OrchestrationName;
  /** @default "tcp" */
  transport: TransportName;
  /** @default "noise" */
  encryption: EncryptionName;
  /** @default "node" */
  ed25519: Ed25519Name;
  /** Link latency injected by the memory transport (only with `transport: memory`). @default 0 */
  memoryLatencyMs: number;
  /** Router parameters (gossipsub only). @default {} */
  gossipsub: GossipsubOptions;
  /**
   * Time each receiver's topic validator takes per message for this variant's runs, replacing
   * `scenario.validationDelayMs`; unset: the scenario's. Makes a known slower variant (a
   * known-answer check of the verdicts) in the same bench as the others.
   */
  validationDelayMs?: number;
  /**
   * Shards this variant's runs use, whatever the bench's `shards` says: for a bench that
   * compares sharding itself (`one-shard: { shards: 1 }` against `two-shards: { shards: 2 }`).
   * Unset: the bench's `shards`. @default the bench's shards
   */
  shards?: number;
}

/** What every run does (the scenario's knobs). */
export interface ScenarioConfig {
  /** The pub/sub topic every host joins. @default "bench" */
  topic: string;
  /** @default "serial" */
  pattern: PublishPattern;
  /** Size of each message body in bytes (at least 16: it carries the message index). @default 128 */
  payloadBytes: number;
  /** How long a message may take to reach every host before the run fails. @default 30000 */
  deliveryTimeoutMs: number;
  /** How many advertised peers each of hosts 1..n-1 dials after joining. @default 4 */
  dialsPerHost: number;
  /** How many dials run at once in the whole run (one process; see NOTES trap 4). @default 32 */
  dialConcurrency: number;
  /** Lifetime of a discovery record. @default 120000 */
  discoveryTtlMs: number;
  /** First back-off between two readiness checks of the bootstrap step. @default 10 */
  bootstrapBackoffMs: number;
  /** The back-off doubles up to this. @default 200 */
  bootstrapMaxBackoffMs: number;
  /** Readiness checks before the bootstrap step gives up and the run fails. @default 200 */
  bootstrapMaxAttempts: number;
  /**
   * Time every receiving host's topic validator takes before accepting a message (like the
   * interop tests' setTopicValidationDelay); 0 installs no validator. @default 0
   */
  validationDelayMs: number;
  /**
   * Topic peers host 0 must have before it publishes the first message, from 1 to n-1. Unset
   * means the Go test's n-1 up to 500 hosts, and 100 above (where the scenario departs from the
   * Go test; docs/scaling.md). Left out when unset, so configs saved before it existed read back
   * the same. @default n-1 up to 500 hosts, else 100
   */
  readyTopicPeers?: number;
}

/** The matrix of runs: every combination of hosts x msgs x variants, repeated. */
export interface MatrixConfig {
  /** Host counts, each at least 2. @default [5, 15] */
  hosts: number[];
  /** Message counts (random messages after the first), each at least 1. @default [20] */
  msgs: number[];
  /** Variant names, each defined in `variants`. @default ["default", "states"] */
  variants: string[];
  /** Counted runs per cell. @default 10 */
  iterations: number;
  /** Runs per cell recorded but not counted, done before the counted ones. @default 1 */
  warmups: number;
  /**
   * Rounds of warm-up runs (each variant once a round) at the first cell, before every other run
   * of the bench: the Go project's 10 warm-ups per version. Recorded, not counted. @default 0
   */
  warmupsPerVariant?: number;
  /** Base seed; each run derives its own seed from it and its place in the matrix. @default 1 */
  seed: number;
  /**
   * Sequential sampling (docs/statistics.md): `iterations` becomes each cell's minimum, and after
   * every later complete round the cell stops once the 95% CI of each variant's ratio to the
   * reference, on the headline figure (`comparison.primary`), is at most this wide on the ratio
   * scale (high - low: 1.02 [0.97, 1.07] is 0.10 wide), or after `maxIterations` rounds.
   * More than 0 and less than 10. Unset: every cell runs exactly `iterations` rounds, and the key
   * is left out so that configs saved before it existed read back the same. @default unset
   */
  untilCiWidth?: number;
  /**
   * The most rounds a cell runs under `untilCiWidth`; only with it, and at least `iterations`.
   * @default 50, or `iterations` when that is more (set whenever `untilCiWidth` is)
   */
  maxIterations?: number;
}

/**
 * Telemetry of the bench. Traces and journals are never recorded in timed runs: when any of
 * them is on, each cell gets one extra run that records them and is not counted in the
 * statistics.
 */
export interface TelemetryConfig {
  /**
   * One extra traced run per cell. Alone it turns on every source below at full level; with a
   * source set, it records what is set. @default false
   */
  trace: boolean;
  /** Router events as spans (the Go project's `PS_TRACING_HOST`): 0 off, 1 on. @default 0 */
  tracingHost: 0 | 1;
  /**
   * State machines as spans (the Go project's `PS_TRACING_AM`): 0 off, 1 a span per active
   * state, 2 also a span per transition. @default 0
   */
  tracingMachines: 0 | 1 | 2;
  /** Every machine transition to an NDJSON journal (the Go project's `PS_AM_DEBUG`). @default false */
  journal: boolean;
  /** Transitions a run's journal holds; later ones are counted, not written. @default 200000 */
  journalMaxRecords: number;
  /** OTLP/HTTP collector the traced runs also send spans to. @default "" (none) */
  otlpEndpoint: string;
}

/** The figures a comparison's headline can be about. */
export type PrimaryFigure = "activeMs" | "cpuMs";

/** How comparisons are judged (docs/statistics.md). */
export interface ComparisonConfig {
  /** Fewest counted runs per side (rounds for variants) for an interval and a verdict. @default 5 */
  minSamples: number;
  /** The headline figure of summaries: wall (active) time or CPU time. @default "activeMs" */
  primary: PrimaryFigure;
  /** False discovery rate over a report's figures (Benjamini-Hochberg). @default 0.05 */
  falseDiscoveryRate: number;
  /** The smallest noise threshold, a fraction (0.02 = 2%). @default 0.02 */
  noiseFloor: number;
  /**
   * An A/A calibration file (`deno task bench --calibrate` writes one); "" uses the bench's own
   * `twin` runs, else `<resultsRoot>/calibration.json` when it exists. @default ""
   */
  calibration: string;
}

/** One of `count` disjoint slices of the matrix's cells; `index` counts from 1. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** How many runs go at once: a number, or `auto` for one per core. */
export type JobsSetting = number | "auto";

/**
 * How many shards (worker threads) one run's hosts are spread over: a number, or `auto` to pick
 * by host count and cores (`resolveShards` in lib/bench).
 */
export type ShardsSetting = number | "auto";

/**
 * What a run's child process loads: `bundle`, the runs' code bundled ahead of time (one file per
 * stack, rebuilt when a source changes), or `source`, the modules as they are.
 */
export type ChildModules = "bundle" | "source";

/** The fully resolved benchmark configuration. */
export interface BenchConfig {
  scenario: ScenarioConfig;
  matrix: MatrixConfig;
  /**
   * Named variants: the built-in ones (`default`, `floodsub`, `chainsafe`, `states`, `memory`,
   * `deno-tcp`, `deno-native`) plus any in the file.
   */
  variants: Record<string, VariantSpec>;
  /** Hard timeout of one run's child process. @default 180000 */
  runTimeoutMs: number;
  /**
   * Runs at once (`auto`: one per core). The variants of a round start together, so with 2 and
   * two variants each round's pair runs side by side. Unset means 1, and is left out so that
   * configs saved before it existed read back the same. @default 1
   */
  jobs?: JobsSetting;
  /** Run only this slice of the matrix's cells (usually from `--shard I/N`). @default the whole matrix */
  shard?: ShardSpec;
  /**
   * Shards each run's hosts are spread over: worker threads of the run's process, one event loop
   * each, connected over TCP on 127.0.0.1, with one discovery service. Every variant of a cell
   * runs with the same number. Unset means 1, and is left out so that configs saved before it
   * existed read back the same. @default 1
   */
  shards?: ShardsSetting;
  /**
   * V8 flags of every run's process (`deno run --v8-flags=...`), e.g. `--heap-growing-percent=65`
   * for a tighter heap in big runs (docs/scaling.md). The same for every variant. Unset means
   * none, and is left out so that configs saved before it existed read back the same.
   */
  v8Flags?: string[];
  /**
   * What each run's process loads: the bundle (faster to start) or the sources. Unset means
   * `bundle`, and is left out so that configs saved before it existed read back the same.
   * @default "bundle"
   */
  childModules?: ChildModules;
  /** Folder under which each bench invocation gets its own results folder. @default "results" */
  resultsRoot: string;
  telemetry: TelemetryConfig;
  comparison: ComparisonConfig;
  /** Where the config came from, for error messages and the results' provenance. */
  source: { file: string; profile?: string };
}
