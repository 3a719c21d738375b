/**
 * Entry point of one shard's worker thread: it loads the stack its run needs, says `loaded`, and
 * serves the coordinator (`host_shard.ts`). The coordinator terminates it after `stop`.
 *
 * @module
 */
import { loadBenchHostStack } from "../net/mod.ts";
import type { StackName } from "../config/types.ts";
import { serveHostShard } from "./host_shard.ts";
import type { FromShard, ToShard } from "./shard_protocol.ts";

/** The worker's own scope, typed for what it is used for here. */
interface _WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  name: string;
}

const scope = globalThis as unknown as _WorkerScope;
// The worker's name carries the stack to load: the coordinator knows it when it spawns us.
const stack = scope.name.split(":")[1] as StackName;
await loadBenchHostStack(stack);
const listeners: ((message: ToShard) => void)[] = [];
scope.onmessage = (event) => {
  for (const listener of listeners) listener(event.data as ToShard);
};
serveHostShard({
  post: (message: FromShard) => scope.postMessage(message),
  onMessage: (listener) => listeners.push(listener),
});
scope.postMessage({ type: "loaded" } satisfies FromShard);
