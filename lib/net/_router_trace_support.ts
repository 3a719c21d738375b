/**
 * What the gossipsub and floodsub trace hooks share: the shapes they read, RPC counting, and
 * method wrapping that can be undone.
 *
 * @module
 */
import type { RouterTraceEvent, RpcCounts } from "./bench_host.ts";
import type { RouterName } from "../config/types.ts";
import { NetError } from "./net_error.ts";

/** Where a hook sends its events; never throws. */
export type TraceEmit = (event: RouterTraceEvent) => void;

/** An RPC as both router families decode it; every field may be missing. */
export interface RpcLike {
  messages?: unknown[];
  subscriptions?: unknown[];
  control?: {
    ihave?: unknown[];
    iwant?: unknown[];
    graft?: unknown[];
    prune?: unknown[];
    idontwant?: unknown[];
  };
}

/** A received or built pub/sub message; only the topic is read here. */
export interface MessageLike {
  topic: string;
}

// Functions are wrapped without knowing their exact signatures.
// deno-lint-ignore no-explicit-any
type AnyFunction = (this: any, ...args: any[]) => any;

/** Counts the entries of `rpc`, missing parts as 0. */
export function countRpcEntries(rpc: RpcLike): RpcCounts {
  const control = rpc.control;
  return {
    messages: rpc.messages?.length ?? 0,
    subscriptions: rpc.subscriptions?.length ?? 0,
    ihave: control?.ihave?.length ?? 0,
    iwant: control?.iwant?.length ?? 0,
    graft: control?.graft?.length ?? 0,
    prune: control?.prune?.length ?? 0,
    idontwant: control?.idontwant?.length ?? 0,
  };
}

/**
 * Replaces `target[name]` with `wrap(original)` and returns the function that puts the original
 * back (or removes the own property, when the original came from the prototype).
 */
export function wrapMethod(
  target: object,
  router: RouterName,
  name: string,
  wrap: (original: AnyFunction) => AnyFunction,
): () => void {
  const record = target as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== "function") {
    throw new NetError(
      `cannot trace the ${router} router: it has no ${name}() to wrap; ` +
        "the hooks in lib/net/router_trace_hooks.ts match the pinned router versions only",
    );
  }
  const hadOwn = Object.hasOwn(record, name);
  const wrapped = wrap(original as AnyFunction);
  record[name] = wrapped;
  return () => {
    if (hadOwn) record[name] = original;
    else delete record[name];
  };
}
