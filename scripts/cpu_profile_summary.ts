/**
 * Self and total time of a V8 CPU profile (`deno run --cpu-prof`), per function and per code
 * group (an npm package, one of our areas, the runtime), and the difference of two profiles.
 *
 * Time model (as Chrome DevTools): sample i stands for the time from its timestamp to the next
 * sample's; the last sample gets none. A function's self time is the time of the samples whose
 * top frame it is; its total time is the time of the samples with it anywhere on the stack,
 * each sample counted once however often the function recurses.
 *
 * @module
 */

/** The parts of a `.cpuprofile` this module reads. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  /** Node id of each sample's top frame. */
  samples: number[];
  /** Microseconds from the previous sample (the first: from `startTime`). */
  timeDeltas: number[];
}

/** One call-tree node of a {@linkcode CpuProfile}. */
export interface CpuProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
  };
  children?: number[];
}

/** Time of one function or group. */
export interface TimeEntry {
  /** `name url:line` for a function, the group name for a group. */
  key: string;
  group: string;
  selfMs: number;
  totalMs: number;
}

/** What {@linkcode summarizeCpuProfile} returns. */
export interface CpuProfileSummary {
  /** Sampled time, idle included. */
  sampledMs: number;
  /** Time in `(idle)`: the process waited. */
  idleMs: number;
  /** Per function, by self time, largest first. */
  functions: TimeEntry[];
  /** Per group, by self time, largest first. */
  groups: TimeEntry[];
}

/**
 * The group of a frame's script URL: `npm:<package>` for npm code, `lib/<area>` for ours,
 * `runtime:node` for Deno's Node compatibility layer (`node:*`, `ext:deno_node/`), `runtime` for
 * the rest of Deno's built-in modules, and the function name for V8's pseudo frames
 * (`(garbage collector)`, `(program)`, `(idle)`).
 */
export function groupOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const npm = /\/npm\/[^/]+\/((?:@[^/]+\/)?[^/]+)\/[^/]+\//.exec(url);
  if (npm !== null) return `npm:${npm[1]}`;
  const ours = /\/(lib\/[^/]+|scripts|main\.ts)/.exec(url);
  if (ours !== null && url.startsWith("file://")) return ours[1];
  // Deno's Node compatibility layer apart from the rest of the runtime: what `node:net` and
  // friends cost is what a Deno-native transport saves (docs/transport.md)
  if (url.startsWith("node:") || url.startsWith("ext:deno_node/")) return "runtime:node";
  if (/^(ext|internal):/.test(url)) return "runtime";
  return url;
}

/** Sums self and total time per function and per group of `profile`. */
export function summarizeCpuProfile(profile: CpuProfile): CpuProfileSummary {
  const parent = new Map<number, number>();
  const byId = new Map<number, CpuProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const functionKey = new Map<number, { key: string; group: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName === "" ? "(anonymous)" : functionName;
    const where = url === "" ? "" : ` ${_shortUrl(url)}:${lineNumber + 1}`;
    functionKey.set(node.id, { key: `${name}${where}`, group: groupOf(url, name) });
  }

  const functions = new Map<string, TimeEntry>();
  const groups = new Map<string, TimeEntry>();
  const entry = (map: Map<string, TimeEntry>, key: string, group: string): TimeEntry => {
    let found = map.get(key);
    if (found === undefined) {
      found = { key, group, selfMs: 0, totalMs: 0 };
      map.set(key, found);
    }
    return found;
  };

  let sampledMs = 0;
  let idleMs = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const ms = i + 1 < timeDeltas.length ? timeDeltas[i + 1] / 1000 : 0;
    if (ms <= 0) continue;
    sampledMs += ms;
    const top = functionKey.get(samples[i]);
    if (top === undefined) continue;
    if (top.key === "(idle)") idleMs += ms;
    entry(functions, top.key, top.group).selfMs += ms;
    entry(groups, top.group, top.group).selfMs += ms;
    const seenFunctions = new Set<string>();
    const seenGroups = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const frame = functionKey.get(id);
      if (frame === undefined || byId.get(id)?.callFrame.functionName === "(root)") continue;
      if (!seenFunctions.has(frame.key)) {
        seenFunctions.add(frame.key);
        entry(functions, frame.key, frame.group).totalMs += ms;
      }
      if (!seenGroups.has(frame.group)) {
        seenGroups.add(frame.group);
        entry(groups, frame.group, frame.group).totalMs += ms;
      }
    }
  }
  const bySelf = (a: TimeEntry, b: TimeEntry): number => b.selfMs - a.selfMs;
  return {
    sampledMs,
    idleMs,
    functions: [...functions.values()].sort(bySelf),
    groups: [...groups.values()].sort(bySelf),
  };
}

/** One line of a {@linkcode compareEntries} result. */
export interface EntryDelta {
  key: string;
  group: string;
  /** Self time in the first profile, then in the second. */
  selfMs: [number, number];
  totalMs: [number, number];
  /** Second minus first self time. */
  selfDeltaMs: number;
}

/** Pairs entries of two summaries by key, largest self-time growth first. */
export function compareEntries(
  first: readonly TimeEntry[],
  second: readonly TimeEntry[],
): EntryDelta[] {
  const rows = new Map<string, EntryDelta>();
  const row = (item: TimeEntry): EntryDelta => {
    let found = rows.get(item.key);
    if (found === undefined) {
      found = { key: item.key, group: item.group, selfMs: [0, 0], totalMs: [0, 0], selfDeltaMs: 0 };
      rows.set(item.key, found);
    }
    return found;
  };
  for (const item of first) {
    const found = row(item);
    found.selfMs[0] = item.selfMs;
    found.totalMs[0] = item.totalMs;
  }
  for (const item of second) {
    const found = row(item);
    found.selfMs[1] = item.selfMs;
    found.totalMs[1] = item.totalMs;
  }
  for (const found of rows.values()) found.selfDeltaMs = found.selfMs[1] - found.selfMs[0];
  return [...rows.values()].sort((a, b) => b.selfDeltaMs - a.selfDeltaMs);
}

function _shortUrl(url: string): string {
  const npm = /\/npm\/[^/]+\/(.*)$/.exec(url);
  if (npm !== null) return npm[1];
  const ours = /\/((?:lib|scripts)\/.*)$/.exec(url);
  return ours !== null ? ours[1] : url;
}
