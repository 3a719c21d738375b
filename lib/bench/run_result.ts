/**
 * The record one benchmark run leaves: one JSON object per line of `results.ndjson`.
 *
 * @module
 */
import type { ChildModules, ScenarioConfig, VariantSpec } from "../config/types.ts";

/** Where a run sits in the matrix. */
export interface RunCell {
  hosts: number;
  msgs: number;
  variant: string;
}

/**
 * Wall time of each scenario phase, in milliseconds. The scenario never sleeps: every wait ends on
 * the event it waits for (a delivery, a subscription, a discovery record), so there is no idle
 * time of ours to subtract.
 */
export interface PhaseTimes {
  init: number;
  subscribe: number;
  firstMessage: number;
  randomMessages: number;
  stop: number;
}

/** Percentiles of publish -> receive latency over every remote delivery of the run. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The machine and software a run ran on, enough to reproduce it. */
export interface RunEnvironment {
  deno: string;
  v8: string;
  typescript: string;
  os: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  /** The machine's host name (benches recorded since the verdicts work have it). */
  hostname?: string;
  gitCommit: string;
  /** Pinned npm packages from deno.json, name -> specifier. */
  packages: Record<string, string>;
  /**
   * What the runs' processes loaded: the bundle or the sources (`child_bundle.ts`). Absent in
   * results of benches from before the bundle, which loaded the sources.
   */
  childModules?: ChildModules;
}

/**
 * How far a run got: for a run that failed or timed out, where it stopped. Deliveries count
 * receptions (the publishers' own copies included) out of (msgs + 1) x hosts.
 */
export interface RunReached {
  /** The phase the run was in. */
  phase: string;
  /** Phases that ran to their end, in order. */
  phasesCompleted: string[];
  /** Hosts that had joined the topic. */
  hostsJoined: number;
  hosts: number;
  deliveries: number;
  deliveriesExpected: number;
}

/** Figures a run measured; absent when the run failed before measuring them. */
export interface RunMeasurements {
  phasesMs: PhaseTimes;
  /**
   * Time inside the bootstrap step's back-off windows. Not subtracted: a window ends the moment
   * the host becomes ready, so it is time the system took, not a sleep of ours.
   */
  waitedMs: number;
  /** Readiness checks the bootstrap step needed over the run. */
  bootstrapAttempts?: number;
  /** Dials that failed (the bootstrap step redials). */
  dialFailures?: number;
  /** Hash of the seed's choices (peer ids, publishers, bodies): equal for equal seeds. */
  seedFingerprint?: string;
  /** init + subscribe + firstMessage + randomMessages (stop excluded). */
  activeMs: number;
  /** Wall time from the first host's creation to the last host's stop, waits included. */
  totalMs: number;
  /** OS high-water mark of the run's process (VmHWM). */
  peakRssBytes: number;
  heapUsedMaxBytes: number;
  heapUsedFinalBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  cpuMs: number;
  /** Receptions expected: (msgs + 1) messages x hosts (the publisher's own copy included). */
  messagesExpected: number;
  messagesDelivered: number;
  messagesMissed: number;
  /** Remote deliveries only (the publisher's own copy has no network latency). */
  latencyMs: LatencySummary;
  /** Median over messages of the time until the last host had the message. */
  lastDeliveryMsMedian: number;
  /** Router receptions of messages (duplicates included) per remote delivery, minus one. */
  duplicatesPerDelivery: number;
  /** Mesh degree (gossipsub) or topic peers (floodsub) of the first publisher when it published. */
  meshDegreeAtFirstPublish: number;
  /** Mean over all hosts of the same figure at the same moment. */
  meshDegreeMeanAtFirstPublish: number;
  /** Transitions per machine kind (`states` variants only). */
  transitions?: Record<string, number>;
  /**
   * CPU time of the speed probe (speed_probe.ts), run once after every other figure was taken:
   * how fast the machine was around this run. Not in any phase.
   */
  speedProbeCpuMs?: number;
  /**
   * Wall time of the same probe: above its CPU time when other processes kept this one off the
   * CPU, which stretches every wall-clock figure of a run alike.
   */
  speedProbeWallMs?: number;
}

/** One run's record. */
export interface RunResult extends Partial<RunMeasurements> {
  schema: 1;
  /** Unique within a results file: cell, warm-up flag and iteration. */
  key: string;
  benchId: string;
  cell: RunCell;
  iteration: number;
  warmup: boolean;
  /**
   * An extra run that recorded traces or a journal (`--trace`): like a warm-up, never counted,
   * because recording slows the run down.
   */
  traced?: boolean;
  /**
   * Files the traced run wrote, by kind (`otlp`, `jaeger`, `chrome`, `journal`), relative to
   * the results file's folder.
   */
  telemetryFiles?: Record<string, string>;
  /** Problems of a traced run's recording (a collector down, spans dropped past the limit). */
  telemetryWarnings?: string[];
  seed: number;
  ok: boolean;
  /** Why the run failed: timeout, crash, missed delivery, ... */
  failure?: string;
  /**
   * Where a failed run stopped: its phase, the phases it completed and the deliveries so far (from
   * its own report, or from its last progress line when it was killed). Absent for ok runs.
   */
  reached?: RunReached;
  /**
   * Shards (worker threads) the run's hosts were spread over; absent means 1 (results written
   * before runs could be sharded).
   */
  shards?: number;
  /** Topic peers host 0 had to reach before the first publish (`scenario.readyTopicPeers`). */
  readyTopicPeers?: number;
  /** V8 flags the run's process started with (`v8Flags`); absent means none. */
  v8Flags?: string[];
  /** When the run got its go (its child was already loaded). */
  startedAt: string;
  /**
   * Wall time of the run's process from its go to its exit (from its spawn when it never got a
   * go, e.g. it failed to load). Module loading is before the go: see `loadMs`.
   */
  durationMs: number;
  /** From the child's spawn until it had loaded its modules; done while no run was measured. */
  loadMs?: number;
  /** From the child's report to its own exit: time stray timers kept it alive. */
  exitAfterReportMs?: number;
  variantSpec: VariantSpec;
  scenario: ScenarioConfig;
  environment: RunEnvironment;
}

/** Whether `result` counts in the statistics: not a warm-up and not a traced run. */
export function isCounted(result: Pick<RunResult, "warmup" | "traced">): boolean {
  return !result.warmup && result.traced !== true;
}
