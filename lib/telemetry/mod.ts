/**
 * Telemetry: OpenTelemetry spans of a run (router events, machine states and transitions)
 * written as OTLP, Jaeger and Chrome trace files and sent to a collector; the state-machine
 * history journal; and the checks that tests run on those files.
 *
 * @example
 * ```ts
 * const tracing = createRunTracing({ run: { runId: "b1/h5-m20-default-t0" } });
 * const stop = traceRouter(host, tracing.tracer("router"), { parent: context.active() });
 * // ... run ...
 * stop();
 * await tracing.writeFiles("results/b1/traces", "h5-m20-default-t0");
 * ```
 *
 * @module
 */
export { createRunTracing, RUN_RESOURCE_ATTRIBUTES, RunTracingError } from "./run_tracing.ts";
export type {
  RunResource,
  RunTracing,
  RunTracingLogger,
  RunTracingOptions,
  TraceFiles,
} from "./run_tracing.ts";
export { traceRouter } from "./trace_router.ts";
export type { TraceRouterOptions } from "./trace_router.ts";
export { createMachineTracer } from "./trace_machines.ts";
export type { MachineTracer, MachineTracerOptions } from "./trace_machines.ts";
export { createMachineJournal } from "./machine_journal.ts";
export { DEFAULT_MAX_RECORDS } from "./machine_journal_options.ts";
export type { MachineJournal, MachineJournalOptions } from "./machine_journal_options.ts";
export { parseJournal, readJournal } from "./read_journal.ts";
export type { JournalFile } from "./read_journal.ts";
export { JournalError } from "./journal_error.ts";
export {
  validateChromeTrace,
  validateJaegerJson,
  validateOtlpJson,
} from "./validate_trace_files.ts";
export { SPAN_ATTRIBUTES, SPAN_NAMES } from "./span_conventions.ts";
export { dbgCommand, findNewestJournal } from "./dbg/dbg_command.ts";
export { DbgError } from "./dbg/dbg_error.ts";
export { startDbgServer } from "./dbg/dbg_server.ts";
