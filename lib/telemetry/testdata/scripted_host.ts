// Test fixture: a host whose router trace events a test or bench emits by hand, so traceRouter
// can be driven without libp2p.
import type { BenchHost, RouterTraceEvent, RpcCounts } from "../../net/mod.ts";

/** One RPC carrying one message and nothing else. */
export const ONE_MESSAGE_RPC: RpcCounts = {
  messages: 1,
  subscriptions: 0,
  ihave: 0,
  iwant: 0,
  graft: 0,
  prune: 0,
  idontwant: 0,
};

/** A scripted host, its `emit` and how many listeners it has. */
export interface ScriptedHost {
  host: BenchHost;
  emit(event: RouterTraceEvent): void;
  listenerCount(): number;
}

/** A host with id `peerId`, connected to `connected`, whose router events come from `emit`. */
export function scriptedHost(peerId: string, connected: string[] = []): ScriptedHost {
  const listeners = new Set<(event: RouterTraceEvent) => void>();
  const host = {
    peerId,
    isConnected: (remote: string) => connected.includes(remote),
    onRouterTrace: (listener: (event: RouterTraceEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as BenchHost;
  return {
    host,
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
}
