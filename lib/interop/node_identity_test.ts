// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  createNodeKeySeed,
  derivePeerId,
  MAX_NODE_ID,
  parseNodeIdFromHostname,
} from "./node_identity.ts";
import { InteropError } from "./interop_error.ts";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

Deno.test("derivePeerId matches the experiment's vector for nodes 0 to 9999", async () => {
  // go-libp2p/main_test.go in gossipsub-interop: SHA-256 over ">{i}:{peer id}\n", i = 0..9999.
  const lines: string[] = [];
  for (let nodeId = 0; nodeId < 10_000; nodeId++) {
    lines.push(`>${nodeId}:${await derivePeerId(nodeId)}\n`);
  }
  assertEquals(
    await sha256Hex(lines.join("")),
    "11395ea896d00ca25f7f648ebb336488ee092096a5498d90d76b92eaec27867a",
  );
});

Deno.test("createNodeKeySeed writes the node id little-endian into the first 4 of 32 bytes", () => {
  const seed = createNodeKeySeed(0x01020304);
  assertEquals(seed.length, 32);
  assertEquals([...seed.subarray(0, 4)], [4, 3, 2, 1]);
  assertEquals(seed.subarray(4).every((byte) => byte === 0), true);
  assertEquals([...createNodeKeySeed(MAX_NODE_ID).subarray(0, 4)], [0xff, 0xff, 0xff, 0x7f]);
});

Deno.test("createNodeKeySeed rejects ids outside [0, 2^31 - 1]", () => {
  for (const bad of [-1, 1.5, MAX_NODE_ID + 1, Number.NaN]) {
    throws(() => createNodeKeySeed(bad), {
      name: "RangeError",
      message: `createNodeKeySeed: nodeId must be an integer in [0, 2147483647], got ${bad}`,
    });
  }
});

Deno.test("parseNodeIdFromHostname reads node<N>, leading zeros as Go and Rust read them", () => {
  assertEquals(parseNodeIdFromHostname("node0"), 0);
  assertEquals(parseNodeIdFromHostname("node699"), 699);
  assertEquals(parseNodeIdFromHostname("node07"), 7);
});

Deno.test("parseNodeIdFromHostname refuses other hostnames with a message naming them", () => {
  for (const bad of ["vm", "node", "node-1", "Node3", "node3.local", "node2147483648"]) {
    throws(() => parseNodeIdFromHostname(bad), (error: unknown) => {
      assertEquals(error instanceof InteropError, true);
      assertEquals(
        (error as Error).message,
        `hostname: must be "node<N>" with N an integer in [0, 2147483647] (the experiment ` +
          `names its hosts so), got ${JSON.stringify(bad)}`,
      );
      return true;
    });
  }
});
