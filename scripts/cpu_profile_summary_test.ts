// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  compareEntries,
  type CpuProfile,
  type CpuProfileNode,
  groupOf,
  summarizeCpuProfile,
} from "./cpu_profile_summary.ts";

const XSTATE = "file:///root/.cache/deno/npm/registry.npmjs.org/xstate/5.33.3/dist/x.mjs";
const OURS = "file:///work/wt/states/lib/bench/states_driver.ts";

function node(id: number, functionName: string, url: string, children: number[] = []) {
  return {
    id,
    callFrame: { functionName, url, lineNumber: 9, columnNumber: 0 },
    children,
  } satisfies CpuProfileNode;
}

// (root) -> send (ours) -> send (ours, recursing) -> microstep (xstate); (root) -> (idle), GC.
const PROFILE: CpuProfile = {
  nodes: [
    node(1, "(root)", "", [2, 4, 5]),
    node(2, "send", OURS, [3, 6]),
    node(3, "microstep", XSTATE),
    node(4, "(idle)", ""),
    node(5, "(garbage collector)", ""),
    node(6, "send", OURS, [7]),
    node(7, "microstep", XSTATE),
  ],
  startTime: 0,
  endTime: 7000,
  // Sample i lasts timeDeltas[i + 1] us: 1, 1, 1, 2, 1, 1 ms; the last sample lasts 0.
  samples: [3, 3, 2, 4, 5, 7, 2],
  timeDeltas: [0, 1000, 1000, 1000, 2000, 1000, 1000],
};

Deno.test("summarizeCpuProfile sums self and total time per function", () => {
  const summary = summarizeCpuProfile(PROFILE);
  assertEquals(summary.sampledMs, 7);
  assertEquals(summary.idleMs, 2);
  const byKey = Object.fromEntries(
    summary.functions.map((entry) => [entry.key, [entry.selfMs, entry.totalMs]]),
  );
  assertEquals(byKey, {
    "microstep xstate/5.33.3/dist/x.mjs:10": [3, 3],
    // Recursion counts once: 4 samples (4 ms) have send on the stack.
    "send lib/bench/states_driver.ts:10": [1, 4],
    "(idle)": [2, 2],
    "(garbage collector)": [1, 1],
  });
});

Deno.test("summarizeCpuProfile sums per group", () => {
  const groups = Object.fromEntries(
    summarizeCpuProfile(PROFILE).groups.map((entry) => [entry.key, [entry.selfMs, entry.totalMs]]),
  );
  assertEquals(groups, {
    "npm:xstate": [3, 3],
    "lib/bench": [1, 4],
    "(idle)": [2, 2],
    "(garbage collector)": [1, 1],
  });
});

Deno.test("groupOf names npm packages, our areas, the Node compatibility layer and the runtime", () => {
  assertEquals(groupOf(XSTATE, "f"), "npm:xstate");
  assertEquals(
    groupOf("file:///x/npm/registry.npmjs.org/@libp2p/gossipsub/17.1.1/dist/a.js", "f"),
    "npm:@libp2p/gossipsub",
  );
  assertEquals(groupOf(OURS, "f"), "lib/bench");
  assertEquals(groupOf("ext:deno_web/02_timers.js", "f"), "runtime");
  assertEquals(groupOf("node:events", "f"), "runtime:node");
  assertEquals(groupOf("ext:deno_node/internal/streams/writable.mjs", "f"), "runtime:node");
  assertEquals(groupOf("ext:deno_net/01_net.js", "f"), "runtime");
  assertEquals(groupOf("", "(program)"), "(program)");
});

Deno.test("compareEntries orders by growth of self time", () => {
  const deltas = compareEntries(
    [{ key: "a", group: "g", selfMs: 5, totalMs: 9 }, {
      key: "b",
      group: "g",
      selfMs: 2,
      totalMs: 2,
    }],
    [{ key: "b", group: "g", selfMs: 6, totalMs: 7 }, {
      key: "c",
      group: "h",
      selfMs: 1,
      totalMs: 1,
    }],
  );
  assertEquals(deltas.map((d) => [d.key, d.selfMs, d.totalMs, d.selfDeltaMs]), [
    ["b", [2, 6], [2, 7], 4],
    ["c", [0, 1], [0, 1], 1],
    ["a", [5, 0], [9, 0], -5],
  ]);
});
