/**
 * Entry point of one run's child process, speaking the protocol of `child_protocol.ts`: it reads
 * {@linkcode ChildParams} as a JSON line on stdin, loads the modules its run needs, says `ready`
 * and waits for the go; then runs the scenario once, says `measured` when the stop phase begins,
 * and prints its {@linkcode ChildReport}. After the report it never calls `Deno.exit`: the
 * process must end by itself once the hosts are stopped, and the parent checks that it does.
 *
 * It dies with its parent: stdin closing before the report means the parent is gone, and a run
 * past its own deadline (the parent's hard timeout plus a margin) exits, so no run outlives a
 * killed bench.
 *
 * @module
 */
import { quantileSorted } from "simple-statistics";
import process from "node:process";
import { loadBenchHostStack } from "../net/mod.ts";
import {
  type ChildMessage,
  type ChildParams,
  type ChildReport,
  encodeChildMessage,
  EXIT_DEADLINE,
  EXIT_PARENT_GONE,
  GO_LINE,
  readLines,
} from "./child_protocol.ts";
import { runDiscoveryScenario, type ScenarioProgress } from "./discovery_scenario.ts";
import type { RunMeasurements } from "./run_result.ts";
import { createShardedHosts } from "./sharded_hosts.ts";
import { runSpeedProbe } from "./speed_probe.ts";
import { type ShardPool, startShardPool } from "./shard_pool.ts";

// The params' and report's types are the protocol's; they stay importable from here for the
// run's callers.
export type { ChildParams, ChildReport, ChildTelemetry } from "./child_protocol.ts";

/** How often heap use is sampled between phase boundaries. */
const HEAP_SAMPLE_INTERVAL_MS = 25;
/** How often a running run tells how far it has got (also at every phase's start). */
export const PROGRESS_INTERVAL_MS = 1_000;

/** Options of {@linkcode runChild}. */
export interface RunChildOptions {
  /** Called once, when the measured phases are over and the stop phase begins. */
  onMeasuredEnd?: () => void;
  /** Called at every phase's start and every {@linkcode PROGRESS_INTERVAL_MS} while the run runs. */
  onProgress?: (progress: ScenarioProgress) => void;
  /** What {@linkcode preloadRunModules} prepared; prepared now (before measuring) when absent. */
  preloaded?: PreloadedRun;
}

/** What a run prepared before its go: for a sharded run, its loaded shards. */
export interface PreloadedRun {
  pool?: ShardPool;
}

/** The shards a run with `params` uses: a traced run keeps its hosts in this thread. */
export function shardsOf(params: Pick<ChildParams, "shards" | "telemetry">): number {
  return params.telemetry !== undefined ? 1 : params.shards ?? 1;
}

/**
 * Loads the modules a run with `params` needs (its stack, and for a traced run the telemetry),
 * and for a sharded run starts its shards' workers, which load the stack themselves, so that
 * nothing is loaded inside the measured phases.
 */
export async function preloadRunModules(params: ChildParams): Promise<PreloadedRun> {
  const shards = shardsOf(params);
  if (shards > 1) return { pool: await startShardPool(shards, params.variant.stack) };
  await loadBenchHostStack(params.variant.stack);
  if (params.telemetry) await import("./run_telemetry.ts");
  return {};
}

/** Runs the scenario with `params` and measures the process around it. */
export async function runChild(
  params: ChildParams,
  options: RunChildOptions = {},
): Promise<ChildReport> {
  const shards = shardsOf(params);
  const { pool } = options.preloaded ?? await preloadRunModules(params);
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
  let progress: (() => ScenarioProgress) | undefined;
  const tellProgress = (): void => {
    if (progress !== undefined) options.onProgress?.(progress());
  };
  const ticker = options.onProgress ? setInterval(tellProgress, PROGRESS_INTERVAL_MS) : undefined;
  const outcome = await runDiscoveryScenario({
    ...params,
    onPhase: (phase) => {
      sampleMemory();
      if (phase === "stop") options.onMeasuredEnd?.();
      else tellProgress();
    },
    onStarted: (reader) => {
      progress = reader;
    },
    ...(pool !== undefined ? { createHosts: (init) => createShardedHosts(init, pool) } : {}),
    ...(telemetry ? { observer: telemetry } : {}),
  });
  clearInterval(ticker);
  pool?.terminate();
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
    // With shards, each isolate's own largest sample, summed: at most the peak of their sum.
    heapUsedMaxBytes: heapUsedMaxBytes + (outcome.shardHeap?.maxBytes ?? 0),
    heapUsedFinalBytes: heapUsedFinalBytes + (outcome.shardHeap?.finalBytes ?? 0),
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
  // After every figure is taken: the probe is no part of the run and leaves garbage behind.
  const probeStartedAt = performance.now();
  measurements.speedProbeCpuMs = runSpeedProbe();
  measurements.speedProbeWallMs = performance.now() - probeStartedAt;
  // After every measurement: writing the files is not part of the run.
  const recorded = await telemetry?.finish();
  return {
    ok: outcome.ok,
    failure: outcome.failure,
    measurements,
    reached: outcome.reached,
    shards,
    readyTopicPeers: outcome.readyTopicPeers,
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

/** Writes protocol messages one after another, so that lines never interleave. */
function _createSender(): (message: ChildMessage) => Promise<void> {
  const encoder = new TextEncoder();
  let queue = Promise.resolve();
  return (message) => {
    const bytes = encoder.encode(encodeChildMessage(message));
    queue = queue.then(async () => {
      let written = 0;
      while (written < bytes.length) written += await Deno.stdout.write(bytes.subarray(written));
    });
    return queue;
  };
}

async function _main(): Promise<void> {
  const send = _createSender();
  const lines = readLines(Deno.stdin.readable);
  const first = await lines.next();
  if (first.done) Deno.exit(EXIT_PARENT_GONE);
  const params = JSON.parse(first.value) as ChildParams;
  const preloaded = await preloadRunModules(params);
  await send({ type: "ready" });
  const go = await lines.next();
  if (go.done || go.value !== GO_LINE) Deno.exit(EXIT_PARENT_GONE);

  let reported = false;
  // The parent closes stdin once it has the report; closed before that, the parent is gone.
  (async () => {
    while (!(await lines.next()).done) { /* nothing else is sent */ }
    if (!reported) {
      console.error("run child: stdin closed before the report: the bench is gone; exiting");
      Deno.exit(EXIT_PARENT_GONE);
    }
  })();
  const deadline = params.deadlineMs === undefined ? undefined : setTimeout(() => {
    console.error(`run child: past its own deadline of ${params.deadlineMs} ms; exiting`);
    Deno.exit(EXIT_DEADLINE);
  }, params.deadlineMs);

  const report = await runChild(params, {
    preloaded,
    onMeasuredEnd: () => void send({ type: "measured" }),
    onProgress: (progress) => void send({ type: "progress", progress }),
  });
  clearTimeout(deadline);
  // Before the write: the parent may close stdin the moment it reads the line.
  reported = true;
  await send({ type: "report", report });
}

if (import.meta.main) await _main();
