// Test fixtures: the variant and scenario every hand-made RunResult of the bench tests carries.
import type { ScenarioConfig, VariantSpec } from "../../config/types.ts";
import type { RunMeasurements, RunResult } from "../run_result.ts";

/** The `default` variant, spelled out so the tests do not depend on the config area. */
export const TEST_VARIANT_SPEC: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
};

/** The scenario of bench.yml's defaults. */
export const TEST_SCENARIO: ScenarioConfig = {
  topic: "bench",
  pattern: "serial",
  payloadBytes: 128,
  deliveryTimeoutMs: 30000,
  dialsPerHost: 4,
  dialConcurrency: 32,
  discoveryTtlMs: 120000,
  bootstrapBackoffMs: 10,
  bootstrapMaxBackoffMs: 200,
  bootstrapMaxAttempts: 200,
  validationDelayMs: 0,
};

/** What a hand-made run record sets; the rest gets fixed placeholder values. */
export interface FakeRun {
  hosts?: number;
  msgs?: number;
  variant?: string;
  warmup?: boolean;
  ok?: boolean;
  failure?: string;
  /** The round (pairs variants in a comparison). @default a new number for every run */
  iteration?: number;
  /** Omitted: the run measured nothing (a crash before measuring). */
  measured?: Partial<RunMeasurements>;
}

let iteration = 0;

/**
 * One counted ok run per value, rounds 0, 1, ... (so two variants' runs pair up by round),
 * each measuring `metric` (default `activeMs`) as that value.
 */
export function fakeRounds(
  variant: string,
  values: readonly number[],
  options: { hosts?: number; msgs?: number; metric?: keyof RunMeasurements } = {},
): RunResult[] {
  const metric = options.metric ?? "activeMs";
  return values.map((value, index) =>
    fakeRun({
      variant,
      hosts: options.hosts,
      msgs: options.msgs,
      iteration: index,
      measured: { [metric]: value },
    })
  );
}

/** A type-correct run record with only the fields these tests read set to meaningful values. */
export function fakeRun(run: FakeRun): RunResult {
  const cell = { hosts: run.hosts ?? 5, msgs: run.msgs ?? 20, variant: run.variant ?? "default" };
  iteration += 1;
  const round = run.iteration ?? iteration;
  return {
    schema: 1,
    key: `${cell.hosts}x${cell.msgs}/${cell.variant}/${run.warmup ? "w" : ""}${round}`,
    benchId: "test",
    cell,
    iteration: round,
    warmup: run.warmup ?? false,
    seed: 1,
    ok: run.ok ?? true,
    ...(run.failure === undefined ? {} : { failure: run.failure }),
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 0,
    variantSpec: TEST_VARIANT_SPEC,
    scenario: TEST_SCENARIO,
    environment: {
      deno: "2.9.6",
      v8: "",
      typescript: "",
      os: "linux",
      cpuModel: "",
      cpuCount: 1,
      memoryBytes: 0,
      gitCommit: "",
      packages: {},
    },
    ...run.measured,
  };
}

/** Every figure an ok run carries, with placeholder values: a results line needs them all. */
export const TEST_MEASUREMENTS: RunMeasurements = {
  phasesMs: { init: 10, subscribe: 5, firstMessage: 3, randomMessages: 7, stop: 2 },
  waitedMs: 0,
  activeMs: 25,
  totalMs: 27,
  peakRssBytes: 100_000_000,
  heapUsedMaxBytes: 30_000_000,
  heapUsedFinalBytes: 25_000_000,
  cpuUserMs: 20,
  cpuSystemMs: 5,
  cpuMs: 25,
  messagesExpected: 12,
  messagesDelivered: 12,
  messagesMissed: 0,
  latencyMs: { count: 10, p50: 1, p95: 2, p99: 2, max: 2 },
  lastDeliveryMsMedian: 1.5,
  duplicatesPerDelivery: 0.5,
  meshDegreeAtFirstPublish: 1,
  meshDegreeMeanAtFirstPublish: 1,
};
