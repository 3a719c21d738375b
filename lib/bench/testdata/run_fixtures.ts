// Test fixtures: the variant and scenario every hand-made RunResult of the bench tests carries.
import type { ScenarioConfig, VariantSpec } from "../../config/types.ts";

/** The `default` variant, spelled out so the tests do not depend on the config area. */
export const TEST_VARIANT_SPEC: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
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
