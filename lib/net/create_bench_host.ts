import type { BenchHost } from "./bench_host.ts";
import type { HostInit } from "./host_init.ts";
import type { StackName } from "../config/types.ts";
import { trackBroadcastChannels } from "./broadcast_channel_guard.ts";

type _StackModule = { create(init: HostInit): Promise<BenchHost> };

// Each stack is its own large module graph (libp2p 3 or libp2p 2 with their routers, about
// 0.1-0.2 s to load each): a run loads only the one its variant names.
const _STACKS: Record<StackName, () => Promise<_StackModule>> = {
  libp2p3: async () => ({ create: (await import("./create_libp2p3_host.ts")).createLibp2p3Host }),
  libp2p2: async () => ({ create: (await import("./create_libp2p2_host.ts")).createLibp2p2Host }),
};
const _loaded = new Map<StackName, Promise<_StackModule>>();

/**
 * Loads the modules of `stack` now, so that creating the first host does not. A benchmark run
 * calls it before its measured phases begin.
 */
export async function loadBenchHostStack(stack: StackName): Promise<void> {
  await _stack(stack);
}

function _stack(stack: StackName): Promise<_StackModule> {
  let loading = _loaded.get(stack);
  if (loading === undefined) {
    loading = _STACKS[stack]();
    _loaded.set(stack, loading);
  }
  return loading;
}

/** Creates and starts one host on the stack its variant names (loading that stack if needed). */
export async function createBenchHost(init: HostInit): Promise<BenchHost> {
  trackBroadcastChannels();
  return (await _stack(init.variant.stack)).create(init);
}
