/**
 * Trace hooks for the routers' RPC and message paths. The routers emit no event for most of
 * what a trace wants (an RPC sent, a duplicate, a rejection), so these wrap the instance methods
 * that see it, and restore them on uninstall: an untraced host runs the router's own code.
 *
 * What each router can report:
 * - gossipsub (`@libp2p/gossipsub` 17, `@chainsafe/libp2p-gossipsub` 14): everything in
 *   {@linkcode RouterTraceEvent}. Dropped RPCs are those without an open outbound stream, and
 *   those whose write threw (the chainsafe outbound queue is bounded and throws when full;
 *   libp2p 3 streams buffer without a bound, so there only a closed stream throws).
 * - floodsub (`@libp2p/floodsub` 11 and 10): RPCs carry only messages and subscriptions, so
 *   control counts are 0 and there is no graft / prune; an RPC is dropped only when the peer has
 *   no writable stream (a failed write is asynchronous and silent); every refusal is `invalid`,
 *   since floodsub does not tell a validator's reject or ignore from a bad signature; messages
 *   that arrive while tracing starts are not reported (their ids were not recorded).
 *
 * @module
 */
import type { RouterTraceEvent } from "./bench_host.ts";
import type { RouterName } from "../config/types.ts";
import { installFloodsubTraceHooks } from "./_floodsub_trace_hooks.ts";
import { installGossipsubTraceHooks } from "./_gossipsub_trace_hooks.ts";

export { countRpcEntries } from "./_router_trace_support.ts";

/** Options of {@linkcode installRouterTraceHooks}. */
export interface RouterTraceHooksOptions {
  router: RouterName;
  /** This host's peer id string. */
  selfId: string;
  /** Receives every event, from inside the router's methods: it must not throw. */
  emit(event: RouterTraceEvent): void;
}

/**
 * Wraps the router's RPC and message paths of `pubsub` so that they call `options.emit`, and
 * returns the function that restores them. Install once per host, while someone listens.
 *
 * @throws {NetError} when the router lacks a method these hooks wrap (a version they do not
 * know).
 */
export function installRouterTraceHooks(
  pubsub: object,
  options: RouterTraceHooksOptions,
): () => void {
  return options.router === "gossipsub"
    ? installGossipsubTraceHooks(pubsub, options.emit)
    : installFloodsubTraceHooks(pubsub, options.selfId, options.emit);
}
