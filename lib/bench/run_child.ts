/**
 * Entry point of one run's child process. Reads {@linkcode ChildParams} as JSON on stdin, runs the
 * scenario once, and prints one JSON line ({@linkcode ChildReport}) on stdout. It never calls
 * `Deno.exit`: the process must end by itself once the hosts are stopped, and the parent checks
 * that it does.
 *
 * @module
 */
import { quantileSorted } from "simple-statistics";
import process from "node:process";
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import { runDiscoveryScenario } from "./discovery_scenario.ts";
import type { RunMeasurements } from "./run_result.ts";
import type { TraceSettings } from "./trace_settings.ts";

/** What the parent sends a child. */
export interface ChildParams {
  hosts: number;
  msgs: number;
  variant: VariantSpec;
  scenario: ScenarioConfig;
  seed: number;
  /** Present for a traced run: what to record and where. */
  telemetry?: ChildTelemetry;
}

/** Where and what a traced run records. */
export interface ChildTelemetry {
  settings: TraceSettings;
  /** Absolute folder the files go to. */
  dir: string;
  /** File names start with it, e.g. the run's key. */
  baseName: string;
  /** Names the run in the traces' resource and the journal's header. */
  runId: string;
  /** The variant's name (the spec does not carry it). */
  variantName: string;
  iteration: number;
}

/** What a child prints: the measurements, and why it failed if it did. */
export interface ChildReport {
  ok: boolean;
  failure?: string;
  measurements: RunMeasurements;
  /** Files a traced run wrote, by kind, as names inside its telemetry folder. */
  telemetryFiles?: Record<string, string>;
  /** Problems of a traced run's recording (never a reason to fail the run). */
  telemetryWarnings?: string[];
}

/** How often heap use is sampled between phase boundaries. */
const HEAP_SAMPLE_INTERVAL_MS = 25;

/** Runs the scenario with `params` and measures the process around it. */
export async function runChild(params: ChildParams): Promise<ChildReport> {
  let heapUsedMaxBytes = 0;
  let rssSampledMaxBytes = 0;
  function sampleMemory(): void {
    const usage = Deno.memoryUsage();
    heapUsedMaxBytes = Math.max(heapUsedMaxBytes, usage.heapUsed);
    rssSampledMaxBytes = Math.max(rssSampledMaxBytes, usage.rss);
  }
  const sampler = setInterval(sampleMemory, HEAP_SAMPLE_INTERVAL_MS);
  const cpuBefore = process.cpuUsage();
  sampleMemory();
  // Loaded only for a traced run: the OpenTelemetry SDK would add its memory and start-up to
  // every timed run's measurements.
  const telemetry = params.telemetry
    ? (await import("./run_telemetry.ts")).createRunTelemetry(params.telemetry, {
      hosts: params.hosts,
      msgs: params.msgs,
      orchestration: params.variant.orchestration,
    })
    : undefined;
  const outcome = await runDiscoveryScenario({
    ...params,
    onPhase: sampleMemory,
    ...(telemetry ? { observer: telemetry } : {}),
  });
  clearInterval(sampler);
  sampleMemory();
  const cpu = process.cpuUsage(cpuBefore);
  const heapUsedFinalBytes = Deno.memoryUsage().heapUsed;
  const latencies = [...outcome.delivery.remoteLatenciesMs].sort((a, b) => a - b);
  const remoteDeliveries = latencies.length;
  const measurements: RunMeasurements = {
    phasesMs: outcome.phasesMs,
    waitedMs: outcome.waitedMs,
    activeMs: outcome.activeMs,
    totalMs: outcome.totalMs,
    peakRssBytes: (await readPeakRssBytes()) ?? rssSampledMaxBytes,
    heapUsedMaxBytes,
    heapUsedFinalBytes,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    messagesExpected: (params.msgs + 1) * params.hosts,
    messagesDelivered: outcome.delivery.delivered,
    messagesMissed: (params.msgs + 1) * params.hosts - outcome.delivery.delivered,
    latencyMs: {
      count: remoteDeliveries,
      p50: _quantile(latencies, 0.5),
      p95: _quantile(latencies, 0.95),
      p99: _quantile(latencies, 0.99),
      max: latencies.length > 0 ? latencies[latencies.length - 1] : 0,
    },
    lastDeliveryMsMedian: _quantile(
      [...outcome.delivery.lastDeliveryMs].sort((a, b) => a - b),
      0.5,
    ),
    duplicatesPerDelivery: remoteDeliveries > 0 ? outcome.receptions / remoteDeliveries - 1 : 0,
    meshDegreeAtFirstPublish: outcome.meshDegreeAtFirstPublish,
    meshDegreeMeanAtFirstPublish: outcome.meshDegreeMeanAtFirstPublish,
    bootstrapAttempts: outcome.bootstrapAttempts,
    dialFailures: outcome.dialFailures,
    seedFingerprint: outcome.seedFingerprint,
    ...(outcome.transitions !== undefined ? { transitions: outcome.transitions } : {}),
  };
  // After every measurement: writing the files is not part of the run.
  const recorded = await telemetry?.finish();
  return {
    ok: outcome.ok,
    failure: outcome.failure,
    measurements,
    ...(recorded ? { telemetryFiles: recorded.files } : {}),
    ...(recorded && recorded.warnings.length > 0 ? { telemetryWarnings: recorded.warnings } : {}),
  };
}

/** The OS high-water mark of this process's resident memory (Linux VmHWM), if readable. */
export async function readPeakRssBytes(): Promise<number | undefined> {
  try {
    const status = await Deno.readTextFile("/proc/self/status");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

function _quantile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : quantileSorted(sorted, p);
}

async function _readStdin(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}

if (import.meta.main) {
  const params = JSON.parse(await _readStdin()) as ChildParams;
  const report = await runChild(params);
  await Deno.stdout.write(new TextEncoder().encode(JSON.stringify(report) + "\n"));
}
