/**
 * Hosts and the network around them: the libp2p host factory for each stack, the loopback
 * settings many hosts on one IP need, and the mock discovery service.
 *
 * @module
 */
export type {
  BenchHost,
  MessageRejectReason,
  ReceivedMessage,
  RouterEvent,
  RouterTraceEvent,
  RpcCounts,
  RpcDropReason,
} from "./bench_host.ts";
export type { HostInit } from "./host_init.ts";
export { createBenchHost, loadBenchHostStack } from "./create_bench_host.ts";
export { closeTrackedBroadcastChannels } from "./broadcast_channel_guard.ts";
export {
  CONNECTION_MONITOR,
  createLoopbackScoreParams,
  LOOPBACK_CONNECTION_MANAGER,
  LOOPBACK_IP,
} from "./loopback_limits.ts";
export { createMockDiscovery } from "./mock_discovery.ts";
export type {
  DiscoveryClient,
  MockDiscovery,
  MockDiscoveryOptions,
  PeerRecord,
} from "./mock_discovery.ts";
export { NetError } from "./net_error.ts";
