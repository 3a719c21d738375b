/**
 * The defaults of the config layer: the `@default` tags of `types.ts`, as values.
 *
 * @module
 */

import type {
  ComparisonConfig,
  GossipsubOptions,
  MatrixConfig,
  ScenarioConfig,
  TelemetryConfig,
} from "./types.ts";

/** Scenario defaults. */
export const DEFAULT_SCENARIO: Readonly<ScenarioConfig> = Object.freeze({
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
});

/**
 * Matrix defaults; the arrays are shared, so copy them into a result. Two cells with 10 rounds
 * each: a comparison needs rounds more than cells (docs/scaling.md, "The default bench"), and the
 * whole bench stays within about two minutes.
 */
export const DEFAULT_MATRIX: Readonly<MatrixConfig> = Object.freeze({
  hosts: Object.freeze([5, 15]) as number[],
  msgs: Object.freeze([20]) as number[],
  variants: Object.freeze(["default", "states"]) as string[],
  iterations: 10,
  warmups: 1,
  seed: 1,
});

/** Runs at once. */
export const DEFAULT_JOBS = 1;

/** Hard timeout of one run's child process, in milliseconds. */
export const DEFAULT_RUN_TIMEOUT_MS = 180000;

/** Folder under which each bench invocation gets its results folder. */
export const DEFAULT_RESULTS_ROOT = "results";

/** The router's own defaults for the options a variant may leave unset. */
export const DEFAULT_GOSSIPSUB: Readonly<Required<GossipsubOptions>> = Object.freeze({
  D: 6,
  Dlo: 4,
  Dhi: 12,
  heartbeatIntervalMs: 1000,
  floodPublish: true,
});

/** Telemetry defaults: nothing recorded. */
export const DEFAULT_TELEMETRY: Readonly<TelemetryConfig> = Object.freeze({
  trace: false,
  tracingHost: 0,
  tracingMachines: 0,
  journal: false,
  journalMaxRecords: 200000,
  otlpEndpoint: "",
});

/** Comparison defaults: see docs/statistics.md. */
export const DEFAULT_COMPARISON: Readonly<ComparisonConfig> = Object.freeze({
  minSamples: 5,
  primary: "activeMs",
  falseDiscoveryRate: 0.05,
  noiseFloor: 0.02,
  calibration: "",
});
