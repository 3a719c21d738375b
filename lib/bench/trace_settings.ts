/**
 * What a bench's traced runs record, from the telemetry config.
 *
 * @module
 */
import type { TelemetryConfig } from "../config/types.ts";

/** What one traced run records. */
export interface TraceSettings {
  /** Router events as spans. */
  tracingHost: 0 | 1;
  /** 1: a span per active machine state; 2: also a span per transition. */
  tracingMachines: 0 | 1 | 2;
  /** Machine transitions to an NDJSON journal. */
  journal: boolean;
  journalMaxRecords: number;
  /** OTLP/HTTP collector to send spans to as well; empty for none. */
  otlpEndpoint: string;
}

/**
 * The settings of the bench's traced runs, or `undefined` when the bench has none. Any source
 * turned on (`tracingHost`, `tracingMachines`, `journal`) asks for traced runs; `trace` alone
 * turns every source on at its full level.
 *
 * @example
 * ```ts
 * resolveTraceSettings({ ...telemetry, trace: true }); // host 1, machines 2, journal on
 * resolveTraceSettings({ ...telemetry, tracingHost: 1 }); // host 1 only
 * ```
 */
export function resolveTraceSettings(telemetry: TelemetryConfig): TraceSettings | undefined {
  const { tracingHost, tracingMachines, journal, journalMaxRecords, otlpEndpoint } = telemetry;
  const anySource = tracingHost > 0 || tracingMachines > 0 || journal;
  if (!anySource && !telemetry.trace) return undefined;
  if (!anySource) {
    return { tracingHost: 1, tracingMachines: 2, journal: true, journalMaxRecords, otlpEndpoint };
  }
  return { tracingHost, tracingMachines, journal, journalMaxRecords, otlpEndpoint };
}
