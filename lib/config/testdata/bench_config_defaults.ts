// Test fixtures: every default of a bench config, written out by hand for the parser's tests.
import type { BenchConfig, VariantSpec } from "../types.ts";

/** The built-in `default` variant. */
export const DEFAULT_VARIANT: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
};

/** Every default of types.ts, written out by hand. */
export const DEFAULTS: BenchConfig = {
  scenario: {
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
  },
  matrix: {
    hosts: [5, 15],
    msgs: [20],
    variants: ["default", "states"],
    iterations: 10,
    warmups: 1,
    seed: 1,
  },
  variants: {
    default: DEFAULT_VARIANT,
    floodsub: { ...DEFAULT_VARIANT, router: "floodsub" },
    chainsafe: { ...DEFAULT_VARIANT, stack: "libp2p2" },
    states: { ...DEFAULT_VARIANT, orchestration: "states" },
    memory: { ...DEFAULT_VARIANT, transport: "memory" },
    "deno-tcp": { ...DEFAULT_VARIANT, transport: "deno-tcp" },
    "deno-native": { ...DEFAULT_VARIANT, transport: "deno-tcp", ed25519: "keyobject" },
    twin: DEFAULT_VARIANT,
  },
  runTimeoutMs: 180000,
  resultsRoot: "results",
  telemetry: {
    trace: false,
    tracingHost: 0,
    tracingMachines: 0,
    journal: false,
    journalMaxRecords: 200000,
    otlpEndpoint: "",
  },
  comparison: {
    minSamples: 5,
    primary: "activeMs",
    falseDiscoveryRate: 0.05,
    noiseFloor: 0.02,
    calibration: "",
  },
  source: { file: "bench.yml" },
};
