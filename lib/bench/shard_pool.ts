/**
 * The worker threads of a sharded run: spawned and loaded before the run's measured phases, then
 * called by the coordinator (`sharded_hosts.ts`), and terminated after the run.
 *
 * @module
 */
import type { StackName } from "../config/types.ts";
import type { FromShard, ShardMethod, ShardMethods, ToShard } from "./shard_protocol.ts";

/** The loaded shards of one run. */
export interface ShardPool {
  readonly size: number;
  /** Calls `method` on shard `shard`; rejects with the shard's error, or when it crashed. */
  call<M extends ShardMethod>(
    shard: number,
    method: M,
    args: ShardMethods[M]["args"],
  ): Promise<ShardMethods[M]["result"]>;
  /** Sends a one-way message to shard `shard`. */
  post(shard: number, message: ToShard): void;
  /** Sets the receiver of every message that is not a call's result. */
  onMessage(listener: (shard: number, message: FromShard) => void): void;
  /** Ends every worker at once. */
  terminate(): void;
}

const _ENTRY = new URL("./shard_worker.ts", import.meta.url);

/** Options of {@linkcode startShardPool}. */
export interface StartShardPoolOptions {
  /** Fails the start when the workers are not all loaded by then. @default 120000 */
  loadTimeoutMs?: number;
}

/**
 * Spawns `size` shard workers that load `stack`, and resolves once every one has. A worker that
 * crashes later (an uncaught error) fails every call pending on it, and the calls after.
 *
 * @throws {Error} when a worker fails to load, or not in time
 */
export async function startShardPool(
  size: number,
  stack: StackName,
  options: StartShardPoolOptions = {},
): Promise<ShardPool> {
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; shard: number }
  >();
  const crashed = new Map<number, string>();
  let nextId = 0;
  let listener: (shard: number, message: FromShard) => void = () => {};
  const loaded: Promise<void>[] = [];

  const workers = Array.from({ length: size }, (_, shard) => {
    const worker = new Worker(_ENTRY, { type: "module", name: `shard${shard}:${stack}` });
    const ready = Promise.withResolvers<void>();
    loaded.push(ready.promise);
    worker.onmessage = (event: MessageEvent<FromShard>) => {
      const message = event.data;
      if (message.type === "loaded") return ready.resolve();
      if (message.type !== "result") return listener(shard, message);
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) call?.reject(new Error(message.error));
      else call?.resolve(message.value);
    };
    worker.onerror = (event: ErrorEvent) => {
      // Handled here: unhandled, a worker's error would end the whole run's process.
      event.preventDefault();
      const reason = `shard ${shard} crashed: ${event.message}`;
      crashed.set(shard, reason);
      ready.reject(new Error(reason));
      for (const [id, call] of pending) {
        if (call.shard === shard) {
          pending.delete(id);
          call.reject(new Error(reason));
        }
      }
    };
    return worker;
  });
  const timeoutMs = options.loadTimeoutMs ?? 120_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.all(loaded),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`shards did not load within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    for (const worker of workers) worker.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  return {
    size,
    call(shard, method, args) {
      const reason = crashed.get(shard);
      if (reason !== undefined) return Promise.reject(new Error(reason));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, shard });
        workers[shard].postMessage({ type: "call", id, method, args } satisfies ToShard);
      });
    },
    post(shard, message) {
      if (!crashed.has(shard)) workers[shard].postMessage(message);
    },
    onMessage(receive) {
      listener = receive;
    },
    terminate() {
      for (const worker of workers) worker.terminate();
      for (const call of pending.values()) call.reject(new Error("the shards were terminated"));
      pending.clear();
    },
  };
}
