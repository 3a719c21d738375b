/**
 * The latency half of the network model, in user space: this kernel has no `netem` qdisc
 * (CONFIG_NET_SCH_NETEM is not set), so the router namespace of a local run sends every packet
 * between two nodes through a TUN device into this loop, which hands it back to the kernel after
 * the one-way latency between the two nodes. Bandwidth stays in the kernel (`tbf`).
 *
 * @module
 */
import { createDelayQueue } from "./delay_queue.ts";
import type { TunDevice } from "./tun_device.ts";

/**
 * The node a local-run address belongs to: `10.77.<node>.2` (see `netns_experiment.ts`), read
 * from 4 bytes of an IPv4 header at `offset`; `undefined` for any other address.
 */
export function nodeOfAddress(packet: Uint8Array, offset: number): number | undefined {
  if (packet.length < offset + 4) return undefined;
  if (packet[offset] !== 10 || packet[offset + 1] !== 77 || packet[offset + 3] !== 2) {
    return undefined;
  }
  return packet[offset + 2];
}

/**
 * The one-way latency of an IP packet: `latencyMs[from][to]` for an IPv4 packet between two
 * nodes' addresses, 0 for anything else (IPv6, other addresses).
 */
export function packetLatencyMs(packet: Uint8Array, latencyMs: readonly number[][]): number {
  if (packet.length < 20 || packet[0] >> 4 !== 4) return 0;
  const from = nodeOfAddress(packet, 12);
  const to = nodeOfAddress(packet, 16);
  if (from === undefined || to === undefined) return 0;
  return latencyMs[from]?.[to] ?? 0;
}

/** Counters of {@linkcode runLinkEmulator}. */
export interface LinkEmulatorStats {
  packets: number;
  bytes: number;
}

/**
 * Forwards packets read from `tun` back into it, each after its latency, until the read fails
 * (the process is meant to be killed). `onStats` is called every `statsEveryMs`.
 */
export async function runLinkEmulator(
  tun: TunDevice,
  latencyMs: readonly number[][],
  options: { onStats?: (stats: LinkEmulatorStats) => void; statsEveryMs?: number } = {},
): Promise<void> {
  const stats: LinkEmulatorStats = { packets: 0, bytes: 0 };
  const queue = createDelayQueue<Uint8Array>({
    nowMs: () => performance.now(),
    setTimer: (fire, ms) => setTimeout(fire, ms),
    clearTimer: (handle) => clearTimeout(handle as number),
    deliver: (packet) => tun.write(packet),
  });
  const report = options.onStats;
  const interval = report === undefined
    ? undefined
    : setInterval(() => report({ ...stats }), options.statsEveryMs ?? 10_000);
  try {
    for (;;) {
      const packet = await tun.read();
      stats.packets++;
      stats.bytes += packet.length;
      queue.push(packet, packetLatencyMs(packet, latencyMs));
    }
  } finally {
    if (interval !== undefined) clearInterval(interval);
    queue.close();
  }
}
