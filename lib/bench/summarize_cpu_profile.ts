/**
 * Where a V8 CPU profile (`deno run --cpu-prof`) spent its time: self time per function and per
 * area (npm package, Deno's Node compatibility layer, the runtime, the project's own code).
 *
 * @module
 */

/** The parts of a `.cpuprofile` file this reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  /** The node id on top of the stack at each sample. */
  samples: number[];
  /** Microseconds before each sample (the first from the profile's start). */
  timeDeltas: number[];
}

/** One function (or area) and its self time. */
export interface ProfileEntry {
  /** `name (location:line)` for a function; the area's name for an area. */
  label: string;
  area: string;
  selfMs: number;
  /** Share of the busy time (all samples but `(idle)`), 0..1. */
  share: number;
}

/** What {@linkcode summarizeCpuProfile} returns. */
export interface CpuProfileSummary {
  /** Sampled time, idle included. */
  totalMs: number;
  /** Sampled time the thread was not idle. */
  busyMs: number;
  /** Functions by self time, largest first. */
  functions: ProfileEntry[];
  /** Areas by self time, largest first. */
  areas: ProfileEntry[];
}

/** Options of {@linkcode summarizeCpuProfile}. */
export interface SummarizeCpuProfileOptions {
  /** Functions to keep. @default 20 */
  top?: number;
}

/**
 * Sums each sample's time (the gap to the next sample; the last one gets the mean gap) into the
 * function on top of the stack, then into its area.
 *
 * @example
 * ```ts
 * import { summarizeCpuProfile } from "./summarize_cpu_profile.ts";
 *
 * const summary = summarizeCpuProfile({
 *   nodes: [{ id: 1, callFrame: { functionName: "f", url: "file:///a.js", lineNumber: 0 } }],
 *   samples: [1, 1],
 *   timeDeltas: [0, 1000],
 * });
 * summary.busyMs; // 2
 * ```
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  options: SummarizeCpuProfileOptions = {},
): CpuProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const { samples, timeDeltas } = profile;
  const gapsUs = samples.map((_, i) => (i + 1 < samples.length ? timeDeltas[i + 1] : undefined));
  const known = gapsUs.filter((gap): gap is number => gap !== undefined);
  const meanGapUs = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;

  const byFunction = new Map<string, { area: string; us: number }>();
  const byArea = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  samples.forEach((nodeId, i) => {
    const us = Math.max(0, gapsUs[i] ?? meanGapUs);
    const frame = frames.get(nodeId);
    const name = frame?.functionName || "(anonymous)";
    totalUs += us;
    if (name === "(idle)") {
      idleUs += us;
      return;
    }
    const area = areaOf(frame?.url ?? "", name);
    const label = frame?.url ? `${name} (${_shortUrl(frame.url)}:${frame.lineNumber + 1})` : name;
    const entry = byFunction.get(label) ?? { area, us: 0 };
    entry.us += us;
    byFunction.set(label, entry);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  });
  const busyUs = totalUs - idleUs;
  const share = (us: number): number => (busyUs > 0 ? us / busyUs : 0);
  const functions = [...byFunction.entries()]
    .map(([label, { area, us }]) => ({ label, area, selfMs: us / 1000, share: share(us) }))
    .sort((a, b) => b.selfMs - a.selfMs || a.label.localeCompare(b.label))
    .slice(0, options.top ?? 20);
  const areas = [...byArea.entries()]
    .map(([area, us]) => ({ label: area, area, selfMs: us / 1000, share: share(us) }))
    .sort((a, b) => b.selfMs - a.selfMs || a.label.localeCompare(b.label));
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, functions, areas };
}

/**
 * The area a frame belongs to: `npm:<package>`, `deno:node-compat` (Deno's `node:*` modules),
 * `deno:<extension>` (the rest of the runtime's JS), `project` (this repository), `V8` for the
 * engine's own entries (`(garbage collector)`, `(program)`), `native` otherwise.
 */
export function areaOf(url: string, functionName = ""): string {
  const npm = /registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (npm) return `npm:${npm[1]}`;
  if (url.startsWith("ext:deno_node/") || url.startsWith("node:")) return "deno:node-compat";
  const ext = /^ext:(?:deno_)?([^/]+)\//.exec(url);
  if (ext) return `deno:${ext[1]}`;
  if (url.startsWith("file://")) return "project";
  if (url === "" && functionName.startsWith("(")) return "V8";
  return "native";
}

function _shortUrl(url: string): string {
  const npm = /registry\.npmjs\.org\/(.+)$/.exec(url);
  if (npm) return npm[1].replace(/\/dist\/src\//, "/");
  const project = /\/(lib\/.+|scripts\/.+)$/.exec(url);
  if (project) return project[1];
  return url;
}
