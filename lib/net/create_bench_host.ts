import type { BenchHost } from "./bench_host.ts";
import type { HostInit } from "./host_init.ts";
import { trackBroadcastChannels } from "./broadcast_channel_guard.ts";
import { createLibp2p3Host } from "./create_libp2p3_host.ts";
import { createLibp2p2Host } from "./create_libp2p2_host.ts";

/** Creates and starts one host on the stack its variant names. */
export function createBenchHost(init: HostInit): Promise<BenchHost> {
  trackBroadcastChannels();
  return init.variant.stack === "libp2p3" ? createLibp2p3Host(init) : createLibp2p2Host(init);
}
