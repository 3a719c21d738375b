import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { areaOf, type CpuProfile, summarizeCpuProfile } from "./summarize_cpu_profile.ts";

const NPM = "file:///root/.cache/deno/npm/registry.npmjs.org";

function frame(id: number, functionName: string, url: string, lineNumber = 0) {
  return { id, callFrame: { functionName, url, lineNumber } };
}

const PROFILE: CpuProfile = {
  nodes: [
    frame(1, "(root)", ""),
    frame(2, "(idle)", ""),
    frame(3, "verify", `${NPM}/@libp2p/crypto/5.1.23/dist/src/keys/ed25519/index.js`, 90),
    frame(4, "writeGeneric", "ext:deno_node/internal/stream_base_commons.ts", 9),
    frame(5, "(garbage collector)", ""),
    frame(6, "sendData", "file:///work/wt/transport/lib/net/deno_tcp/deno_tcp_connection.ts", 76),
  ],
  // gaps to the next sample: 1000, 3000, 2000, 1000, 2000, then the mean (1800) for the last
  samples: [3, 4, 2, 5, 3, 6],
  timeDeltas: [500, 1000, 3000, 2000, 1000, 2000],
};

// equal self times are listed by label
Deno.test("summarizeCpuProfile sums each sample's gap into its function, idle left out of shares", () => {
  const summary = summarizeCpuProfile(PROFILE);
  assertEquals(summary.totalMs, 10.8);
  assertEquals(summary.busyMs, 8.8);
  assertEquals(
    summary.functions.map((entry) => [entry.label, entry.area, entry.selfMs]),
    [
      ["verify (@libp2p/crypto/5.1.23/keys/ed25519/index.js:91)", "npm:@libp2p/crypto", 3],
      ["writeGeneric (ext:deno_node/internal/stream_base_commons.ts:10)", "deno:node-compat", 3],
      ["sendData (lib/net/deno_tcp/deno_tcp_connection.ts:77)", "project", 1.8],
      ["(garbage collector)", "V8", 1],
    ],
  );
  assertEquals(summary.functions[0].share, 3 / 8.8);
});

Deno.test("summarizeCpuProfile totals areas and keeps only the top functions asked for", () => {
  const summary = summarizeCpuProfile(PROFILE, { top: 1 });
  assertEquals(summary.functions.length, 1);
  assertEquals(
    summary.areas.map((entry) => [entry.label, entry.selfMs]),
    [["deno:node-compat", 3], ["npm:@libp2p/crypto", 3], ["project", 1.8], ["V8", 1]],
  );
});

Deno.test("summarizeCpuProfile of an empty profile is all zeros", () => {
  assertEquals(summarizeCpuProfile({ nodes: [], samples: [], timeDeltas: [] }), {
    totalMs: 0,
    busyMs: 0,
    functions: [],
    areas: [],
  });
});

Deno.test("summarizeCpuProfile of a single sample gives it no time (no gap to measure)", () => {
  const summary = summarizeCpuProfile({
    nodes: [frame(1, "f", "file:///x.js")],
    samples: [1],
    timeDeltas: [700],
  });
  assertEquals(summary.busyMs, 0);
  assertEquals(summary.functions.map((entry) => entry.share), [0]);
});

Deno.test("areaOf names npm packages, Node compatibility, runtime extensions, project and V8", () => {
  assertEquals(
    areaOf(`${NPM}/@chainsafe/libp2p-noise/17.0.0/dist/src/noise.js`),
    "npm:@chainsafe/libp2p-noise",
  );
  assertEquals(areaOf(`${NPM}/it-pushable/3.2.3/dist/src/index.js`), "npm:it-pushable");
  assertEquals(areaOf("ext:deno_node/internal/streams/writable.js"), "deno:node-compat");
  assertEquals(areaOf("node:net"), "deno:node-compat");
  assertEquals(areaOf("ext:deno_net/01_net.js"), "deno:net");
  assertEquals(areaOf("ext:core/01_core.js"), "deno:core");
  assertEquals(areaOf("file:///work/lib/bench/run_child.ts"), "project");
  assertEquals(areaOf("", "(program)"), "V8");
  assertEquals(areaOf("", "sign"), "native");
});
