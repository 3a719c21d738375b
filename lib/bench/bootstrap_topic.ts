/**
 * The bootstrap step of the plain (`default`) orchestration: discover topic peers, connect to
 * them, re-check, and retry with a growing back-off until the host is ready to publish.
 *
 * @module
 */
import type { BenchHost, DiscoveryClient } from "../net/mod.ts";

/** Options of {@linkcode bootstrapTopic}. */
export interface BootstrapTopicOptions {
  topic: string;
  /** Ready means at least this many topic peers. */
  minTopicPeers: number;
  /** How many records to ask discovery for on each attempt. */
  discoverLimit: number;
  backoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
  /** Runs a dial within the run's dial-concurrency bound. */
  limitDial: <T>(dial: () => Promise<T>) => Promise<T>;
  now: () => number;
}

/** How the bootstrap went. */
export interface BootstrapOutcome {
  ready: boolean;
  attempts: number;
  dialFailures: number;
  topicPeers: number;
  /** Time spent in back-off windows waiting for subscriptions (system time, see above). */
  windowWaitMs: number;
}

/**
 * Makes `host` ready to publish on `options.topic`. Each attempt finds peers through discovery,
 * dials those not yet connected, then waits up to the back-off for enough topic peers. The wait
 * is not a sleep: it ends the moment a subscription change makes the host ready, so our waiting
 * never extends a phase past the system's own time (sleeps are avoided rather than subtracted).
 */
export async function bootstrapTopic(
  host: BenchHost,
  discovery: DiscoveryClient,
  options: BootstrapTopicOptions,
): Promise<BootstrapOutcome> {
  const { topic, minTopicPeers } = options;
  let backoffMs = options.backoffMs;
  let dialFailures = 0;
  let windowWaitMs = 0;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    if (host.topicPeerCount(topic) >= minTopicPeers) {
      return {
        ready: true,
        attempts: attempt - 1,
        dialFailures,
        topicPeers: host.topicPeerCount(topic),
        windowWaitMs,
      };
    }
    const discovered = await dialDiscoveredPeers(
      { host, discovery, limitDial: options.limitDial },
      topic,
      options.discoverLimit,
    );
    dialFailures += discovered.dialFailures;
    const waitStartedAt = options.now();
    const ready = await waitForTopicPeers(host, topic, minTopicPeers, backoffMs);
    windowWaitMs += options.now() - waitStartedAt;
    if (ready) {
      return {
        ready: true,
        attempts: attempt,
        dialFailures,
        topicPeers: host.topicPeerCount(topic),
        windowWaitMs,
      };
    }
    backoffMs = Math.min(backoffMs * 2, options.maxBackoffMs);
  }
  return {
    ready: false,
    attempts: options.maxAttempts,
    dialFailures,
    topicPeers: host.topicPeerCount(topic),
    windowWaitMs,
  };
}

/**
 * Resolves true as soon as `host` has `count` topic peers (checked on each topic-peer change),
 * false after `timeoutMs`.
 */
export function waitForTopicPeers(
  host: BenchHost,
  topic: string,
  count: number,
  timeoutMs: number,
): Promise<boolean> {
  if (host.topicPeerCount(topic) >= count) return Promise.resolve(true);
  return new Promise((resolve) => {
    let settled = false;
    let stopListening = (): void => {};
    const finish = (ready: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
      resolve(ready);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    stopListening = host.onTopicPeersChange(() => {
      if (host.topicPeerCount(topic) >= count) finish(true);
    });
  });
}

/** What one round of discovery found and how its dials went. */
export interface DiscoveredPeers {
  /** Records discovery returned. */
  found: number;
  dialFailures: number;
}

/**
 * Finds up to `limit` advertised peers and dials those not yet connected, within the run's dial
 * bound. Shared by both orchestrations and by the bootstrap step.
 */
export async function dialDiscoveredPeers(
  init: {
    host: BenchHost;
    discovery: DiscoveryClient;
    limitDial: <T>(dial: () => Promise<T>) => Promise<T>;
  },
  topic: string,
  limit: number,
): Promise<DiscoveredPeers> {
  const { host, discovery, limitDial } = init;
  const found = await discovery.findPeers(topic, limit);
  let dialFailures = 0;
  await Promise.all(
    found
      .filter((record) => !host.isConnected(record.peerId) && record.addrs.length > 0)
      .map((record) =>
        limitDial(() => host.dial(record.addrs[0])).catch(() => {
          dialFailures++;
        })
      ),
  );
  return { found: found.length, dialFailures };
}
