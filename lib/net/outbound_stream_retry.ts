/**
 * A retry for gossipsub's outbound streams. `@libp2p/gossipsub` 17 opens a stream to each new
 * peer once, from one sequential queue; when that fails (a protocol negotiation timing out on a
 * busy event loop), it logs the error and tries again only if the peer opens a new stream to us
 * or reconnects. Until then the peer stays connected and subscribed but cannot be sent to: at
 * 1000 hosts in one process, 25 of host 0's 999 peers stayed that way and host 0 never became
 * ready (docs/scaling.md). This puts a failed peer back in the router's queue after a back-off,
 * while its connection is open, a few times.
 *
 * @module
 */

/** The parts of gossipsub's router the retry reads and wraps (none of them public API). */
export interface OutboundStreamRouter {
  createOutboundStream(peerId: unknown, connection: { status: string }): Promise<void>;
  /** Peers this router has a stream to send on, by peer id string. */
  streamsOutbound: Map<string, unknown>;
  /** Peers the router knows, by peer id string. */
  peers: Map<string, unknown>;
  /** The queue `createOutboundStream` is fed from, one item at a time. */
  outboundInflightQueue: { push(item: { peerId: unknown; connection: unknown }): void };
  isStarted(): boolean;
}

/** Options of {@linkcode retryFailedOutboundStreams}. */
export interface OutboundStreamRetryOptions {
  /** Back-off before each retry of one peer; its length is the number of retries. @default 1, 2, 4, 8, 16 s */
  delaysMs?: readonly number[];
  /** Called when a peer is queued again, with the retry's number (1 for the first). */
  onRetry?(peerId: string, retry: number): void;
}

const _DEFAULT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

/**
 * Wraps `router.createOutboundStream` so that an attempt that ends without a stream, for a peer
 * the router still knows over a connection still open, is queued again after a back-off. Returns
 * a function that cancels the pending retries (call it when the host stops).
 *
 * @example
 * ```ts
 * const stopRetrying = retryFailedOutboundStreams(pubsub as unknown as OutboundStreamRouter);
 * // ... on stop:
 * stopRetrying();
 * ```
 */
export function retryFailedOutboundStreams(
  router: OutboundStreamRouter,
  options: OutboundStreamRetryOptions = {},
): () => void {
  const delaysMs = options.delaysMs ?? _DEFAULT_DELAYS_MS;
  const retries = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  const stillWanted = (id: string, connection: { status: string }): boolean =>
    !stopped && router.isStarted() && router.peers.has(id) && !router.streamsOutbound.has(id) &&
    connection.status === "open";
  const create = router.createOutboundStream.bind(router);
  router.createOutboundStream = async (peerId, connection) => {
    await create(peerId, connection);
    const id = String(peerId);
    if (!stillWanted(id, connection)) {
      retries.delete(id);
      return;
    }
    const retry = (retries.get(id) ?? 0) + 1;
    if (retry > delaysMs.length) return;
    retries.set(id, retry);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stillWanted(id, connection)) return;
      options.onRetry?.(id, retry);
      router.outboundInflightQueue.push({ peerId, connection });
    }, delaysMs[retry - 1]);
    timers.add(timer);
  };
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
