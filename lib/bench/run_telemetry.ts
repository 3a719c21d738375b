/**
 * What a traced run records, put together: spans of the run, its phases and its hosts (with the
 * router's events and the machines' states under each host), and the machines' journal.
 *
 * @module
 */
import { type Context, context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import type { InspectionEvent } from "xstate";
import type { BenchHost } from "../net/mod.ts";
import {
  createMachineJournal,
  createMachineTracer,
  createRunTracing,
  type MachineJournal,
  type MachineTracer,
  type RunTracing,
  SPAN_ATTRIBUTES,
  traceRouter,
} from "../telemetry/mod.ts";
import type { ChildTelemetry } from "./child_protocol.ts";
import type { RunObserver } from "./run_observer.ts";

/** A traced run's recorders; the scenario drives them as its {@linkcode RunObserver}. */
export interface RunTelemetry extends RunObserver {
  /**
   * Closes the journal, writes the trace files and flushes the collector. Returns the files
   * written (kind -> name in the telemetry folder) and the recorders' warnings.
   */
  finish(): Promise<{ files: Record<string, string>; warnings: string[] }>;
}

/** What the run is, beyond its telemetry settings. */
export interface RunTelemetryInit {
  hosts: number;
  msgs: number;
  /** Machines are journaled and traced only when they drive the hosts. */
  orchestration: "plain" | "states";
}

interface _HostRecord {
  span: Span;
  context: Context;
  stopRouterTrace?: () => void;
  machines?: MachineTracer;
}

/**
 * Starts the run's recorders as `telemetry.settings` asks: spans when router or machine tracing
 * is on (the run, a span per phase and per host, then router events and machine states under
 * their host), and a journal when `journal` is on and machines drive the hosts.
 */
export function createRunTelemetry(
  telemetry: ChildTelemetry,
  init: RunTelemetryInit,
): RunTelemetry {
  const { settings, dir, baseName } = telemetry;
  const warnings: string[] = [];
  const tracing: RunTracing | undefined = settings.tracingHost > 0 || settings.tracingMachines > 0
    ? createRunTracing({
      run: {
        runId: telemetry.runId,
        variant: telemetry.variantName,
        hosts: init.hosts,
        msgs: init.msgs,
        iteration: telemetry.iteration,
      },
      otlpEndpoint: settings.otlpEndpoint,
      logger: { warn: (message) => warnings.push(message) },
    })
    : undefined;
  const tracer = tracing?.tracer("bench");
  const runSpan = tracer?.startSpan("run", {
    attributes: { "bench.hosts": init.hosts, "bench.msgs": init.msgs },
  });
  const runContext = runSpan ? trace.setSpan(context.active(), runSpan) : context.active();
  let phaseSpan: Span | undefined;
  const hosts = new Map<number, _HostRecord>();

  const machineLevel = init.orchestration === "states" ? settings.tracingMachines : 0;
  const journalFile = `${baseName}.journal.ndjson`;
  // The machine tracer whose event is being handled: the journal asks it for the span.
  let inspecting: MachineTracer | undefined;
  const journal: MachineJournal | undefined = settings.journal && init.orchestration === "states"
    ? createMachineJournal(`${dir}/${journalFile}`, {
      runId: telemetry.runId,
      maxRecords: settings.journalMaxRecords,
      spanContext: () => inspecting?.currentSpanContext(),
    })
    : undefined;

  return {
    phaseStarted(phase) {
      if (!tracer) return;
      phaseSpan?.end();
      phaseSpan = tracer.startSpan(
        phase,
        { attributes: { [SPAN_ATTRIBUTES.phase]: phase } },
        runContext,
      );
    },
    verifyStarted(messageIndex) {
      if (!tracer) return () => {};
      const parent = phaseSpan ? trace.setSpan(context.active(), phaseSpan) : runContext;
      const span = tracer.startSpan("verify", {
        attributes: { "bench.message.index": messageIndex },
      }, parent);
      return () => span.end();
    },
    hostCreated(host: BenchHost) {
      if (!tracer || !tracing) return;
      const span = tracer.startSpan(`host ${host.index}`, {
        attributes: {
          [SPAN_ATTRIBUTES.hostIndex]: host.index,
          [SPAN_ATTRIBUTES.peerId]: host.peerId,
        },
      }, runContext);
      const hostContext = trace.setSpan(context.active(), span);
      const record: _HostRecord = { span, context: hostContext };
      if (settings.tracingHost > 0) {
        record.stopRouterTrace = traceRouter(host, tracing.tracer("router"), {
          parent: hostContext,
        });
      }
      if (machineLevel > 0) {
        record.machines = createMachineTracer(tracing.tracer("machines"), {
          level: machineLevel as 1 | 2,
          parent: hostContext,
        });
      }
      hosts.set(host.index, record);
    },
    machineInspector(hostIndex) {
      const machines = hosts.get(hostIndex)?.machines;
      if (!machines && !journal) return undefined;
      return (event: InspectionEvent) => {
        // The tracer first, so the transition's span is open when the journal asks for it.
        machines?.inspect(event);
        inspecting = machines;
        journal?.inspect(event);
        inspecting = undefined;
      };
    },
    ended(failure) {
      for (const record of hosts.values()) {
        record.machines?.end();
        record.stopRouterTrace?.();
        record.span.end();
      }
      phaseSpan?.end();
      if (failure !== undefined) {
        runSpan?.setStatus({ code: SpanStatusCode.ERROR, message: failure });
      }
      runSpan?.end();
    },
    async finish() {
      const files: Record<string, string> = {};
      if (journal) {
        try {
          await journal.close();
        } catch (error) {
          warnings.push(`journal: ${error instanceof Error ? error.message : error}`);
        }
        files.journal = journalFile;
      }
      if (tracing) {
        try {
          const written = await tracing.writeFiles(dir, baseName);
          files.otlp = _name(written.otlpPath);
          files.jaeger = _name(written.jaegerPath);
          files.chrome = _name(written.chromePath);
        } catch (error) {
          warnings.push(`traces: ${error instanceof Error ? error.message : error}`);
        }
        await tracing.shutdown();
      }
      return { files, warnings };
    },
  };
}

function _name(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
