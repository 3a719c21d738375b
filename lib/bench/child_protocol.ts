/**
 * What a run's child process and the bench say to each other, one JSON line at a time.
 *
 * Parent -> child, on the child's stdin: the {@linkcode ChildParams} line, later the
 * {@linkcode GO_LINE}; then the parent closes stdin once it has the report. The child treats
 * stdin closing before it has reported as its parent being gone, and exits.
 *
 * Child -> parent, on the child's stdout, in this order: `ready` (modules loaded, waiting for the
 * go), `progress` lines while it runs (at each phase's start and every second: phase, hosts
 * joined, deliveries so far), `measured` (the measured phases init .. randomMessages are over; the
 * stop phase begins), `report` (every figure). The bench starts loading further children only while no child is
 * inside its measured phases, and starts a run only once no child is loading.
 *
 * @module
 */
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import type { ScenarioProgress } from "./discovery_scenario.ts";
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
  /**
   * Shards (worker threads) the hosts are spread over; 1 keeps every host in the run's main
   * thread. A traced run always uses 1: its recorders see hosts in this thread only. @default 1
   */
  shards?: number;
  /**
   * The child's own deadline from its go, after which it exits: a bench killed without a chance
   * to kill its runs must not leave them running. @default no deadline
   */
  deadlineMs?: number;
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
  /** How far the measured phases got; for a failed run, where it failed. */
  reached: ScenarioProgress;
  /** Shards the hosts were spread over. */
  shards: number;
  /** Topic peers host 0 had to reach before the first publish. */
  readyTopicPeers: number;
}

/** A line of the child's stdout. */
export type ChildMessage =
  | { type: "ready" }
  | { type: "progress"; progress: ScenarioProgress }
  | { type: "measured" }
  | { type: "report"; report: ChildReport };

/** The line that starts a loaded child's run. */
export const GO_LINE = "go";

/** Exit code of a child whose parent went away (stdin closed before the report). */
export const EXIT_PARENT_GONE = 70;
/** Exit code of a child that passed its own deadline (the parent's hard timeout, plus a margin). */
export const EXIT_DEADLINE = 71;

/** One message as a line of text. */
export function encodeChildMessage(message: ChildMessage): string {
  return JSON.stringify(message) + "\n";
}

/** The message on `line`, or `undefined` when the line is not one. */
export function parseChildMessage(line: string): ChildMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  switch (record.type) {
    case "ready":
    case "measured":
      return { type: record.type };
    case "progress":
      return typeof record.progress === "object" && record.progress !== null
        ? { type: "progress", progress: record.progress as ScenarioProgress }
        : undefined;
    case "report":
      return typeof record.report === "object" && record.report !== null
        ? { type: "report", report: record.report as ChildReport }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Splits a byte stream into lines (without their `\n`); the last line is yielded even without a
 * newline. Reading the next line after the end gives `done`.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  if (buffered !== "") yield buffered;
}
