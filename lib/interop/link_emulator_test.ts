// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { nodeOfAddress, packetLatencyMs } from "./link_emulator.ts";

/** A 20-byte IPv4 header from `src` to `dst`. */
function ipv4(src: number[], dst: number[]): Uint8Array {
  const packet = new Uint8Array(40);
  packet[0] = 0x45;
  packet.set(src, 12);
  packet.set(dst, 16);
  return packet;
}

const LATENCY = [[0, 50, 7], [40, 0, 9], [7, 9, 0]];

Deno.test("packetLatencyMs takes the latency from the sender's node to the receiver's", () => {
  assertEquals(packetLatencyMs(ipv4([10, 77, 0, 2], [10, 77, 1, 2]), LATENCY), 50);
  assertEquals(packetLatencyMs(ipv4([10, 77, 1, 2], [10, 77, 0, 2]), LATENCY), 40);
  assertEquals(packetLatencyMs(ipv4([10, 77, 2, 2], [10, 77, 1, 2]), LATENCY), 9);
});

Deno.test("packetLatencyMs gives 0 to packets that are not between two nodes", () => {
  // The router's own address (.1), another network, a node outside the matrix, IPv6, too short.
  assertEquals(packetLatencyMs(ipv4([10, 77, 0, 1], [10, 77, 1, 2]), LATENCY), 0);
  assertEquals(packetLatencyMs(ipv4([10, 78, 0, 2], [10, 77, 1, 2]), LATENCY), 0);
  assertEquals(packetLatencyMs(ipv4([10, 77, 9, 2], [10, 77, 1, 2]), LATENCY), 0);
  const v6 = ipv4([10, 77, 0, 2], [10, 77, 1, 2]);
  v6[0] = 0x60;
  assertEquals(packetLatencyMs(v6, LATENCY), 0);
  assertEquals(packetLatencyMs(new Uint8Array(12), LATENCY), 0);
});

Deno.test("nodeOfAddress reads 10.77.<node>.2 and nothing else", () => {
  assertEquals(nodeOfAddress(new Uint8Array([10, 77, 200, 2]), 0), 200);
  assertEquals(nodeOfAddress(new Uint8Array([10, 77, 200, 3]), 0), undefined);
});
