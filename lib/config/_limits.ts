/**
 * The bounds of every number of a bench config, shared by the file's schema and the overrides,
 * so a value is refused the same way from bench.yml, a variable or a flag. The upper bounds are
 * far beyond any useful run; they exist so a typo (`--hosts 1000000`) stops with a message
 * instead of a run that can never finish.
 *
 * @module
 */
import type { IntBounds } from "./overrides.ts";

const _DAY_MS = 86_400_000;
const _HOUR_MS = 3_600_000;
const _MINUTE_MS = 60_000;

/** Bounds of the matrix's numbers. */
export const MATRIX_LIMITS = {
  hosts: { min: 2, max: 10_000 },
  msgs: { min: 1, max: 100_000 },
  iterations: { min: 1, max: 10_000 },
  maxIterations: { min: 1, max: 10_000 },
  warmups: { min: 0, max: 1_000 },
  warmupsPerVariant: { min: 0, max: 1_000 },
  seed: {},
} as const satisfies Record<string, IntBounds>;

/** Bounds of the scenario's numbers. */
export const SCENARIO_LIMITS = {
  payloadBytes: { min: 16, max: 1_048_576 },
  deliveryTimeoutMs: { min: 1, max: _HOUR_MS },
  dialsPerHost: { min: 1, max: 10_000 },
  dialConcurrency: { min: 1, max: 10_000 },
  discoveryTtlMs: { min: 1, max: _DAY_MS },
  bootstrapBackoffMs: { min: 1, max: _MINUTE_MS },
  bootstrapMaxBackoffMs: { min: 1, max: 10 * _MINUTE_MS },
  bootstrapMaxAttempts: { min: 1, max: 1_000_000 },
  validationDelayMs: { min: 0, max: _MINUTE_MS },
} as const satisfies Record<string, IntBounds>;

/** Bounds of a variant's numbers. */
export const VARIANT_LIMITS = {
  memoryLatencyMs: { min: 0, max: _MINUTE_MS },
  meshDegree: { min: 1, max: 1_000 },
  heartbeatIntervalMs: { min: 1, max: 10 * _MINUTE_MS },
} as const satisfies Record<string, IntBounds>;

/** Bounds of the other top-level numbers. */
export const RUN_LIMITS = {
  /** One run's hard timeout: a day is beyond any run the scale profile makes. */
  runTimeoutMs: { min: 1, max: _DAY_MS },
  journalMaxRecords: { min: 1, max: 100_000_000 },
} as const satisfies Record<string, IntBounds>;

/** Bounds of the comparison settings' numbers. */
export const COMPARISON_LIMITS = {
  minSamples: { min: 2, max: 10_000 },
} as const satisfies Record<string, IntBounds>;
