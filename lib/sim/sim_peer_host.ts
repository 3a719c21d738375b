/**
 * A simulated peer's network side: a libp2p host of the built-in `states` variant, driven by the
 * states driver (pub/sub host, discovery and bootstrap-flow machines), finding others through the
 * shared mock discovery service. Composed from lib/net and lib/bench; it adds leaving a topic,
 * which the benchmark never needed.
 *
 * @module
 */
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import type { InspectionEvent } from "xstate";
import { createBenchHost, type DiscoveryClient, type MockDiscovery } from "../net/mod.ts";
import type { ReceivedMessage } from "../net/mod.ts";
// The states driver is not exported by lib/bench/mod.ts (see the report); its file is imported.
import { createStatesDriver } from "../bench/mod.ts";

/** What a peer's machine drives. */
export interface SimPeerHost {
  readonly peerId: string;
  /** Subscribes, advertises, dials up to `dialsPerJoin` advertised peers, and waits (briefly) for a topic peer. */
  join(topic: string): Promise<void>;
  /** Unsubscribes and stops advertising the topic. */
  leave(topic: string): Promise<void>;
  publish(topic: string, data: Uint8Array): Promise<void>;
  /** Every message the host's machine hands to the application. */
  onMessage(listener: (message: ReceivedMessage) => void): void;
  connectionCount(): number;
  /** Open outbound pub/sub streams. */
  streamCount(): number;
  /** Stops advertising, the machines and the host. */
  stop(): Promise<void>;
}

/** What {@linkcode createSimPeerHost} needs. */
export interface SimPeerHostInit {
  num: number;
  keySeed: Uint8Array;
  discovery: MockDiscovery;
  /** Runs a dial within the simulator's dial-concurrency bound. */
  limitDial: <T>(dial: () => Promise<T>) => Promise<T>;
  dialsPerJoin: number;
  discoveryTtlMs: number;
  /** Sees every inspection event of the host's machines (metrics, the journal). */
  inspect?: (event: InspectionEvent) => void;
}

/** How long a join waits for the first topic peer it can send to. */
const _BOOTSTRAP = { backoffMs: 10, maxBackoffMs: 200, maxAttempts: 5 };

/** Creates and starts a peer's host and its machines. */
export async function createSimPeerHost(init: SimPeerHostInit): Promise<SimPeerHost> {
  const host = await createBenchHost({
    index: init.num,
    keySeed: init.keySeed,
    runTag: "sim",
    variant: BUILTIN_VARIANTS.states,
  });
  const client = init.discovery.createClient({ peerId: host.peerId, addrs: host.addrs });
  // The discovery machine re-advertises every topic it ever advertised (its pool refresh); a
  // topic the peer left must not come back, so the client drops those refreshes.
  const left = new Set<string>();
  const joined = new Set<string>();
  const filtered: DiscoveryClient = {
    advertise: (namespace, ttlMs) =>
      left.has(namespace) ? Promise.resolve() : client.advertise(namespace, ttlMs),
    stopAdvertising: (namespace) => client.stopAdvertising(namespace),
    findPeers: (namespace, limit) => client.findPeers(namespace, limit),
  };
  const driver = createStatesDriver({
    host,
    discovery: filtered,
    limitDial: init.limitDial,
    bootstrap: _BOOTSTRAP,
    discoveryTtlMs: init.discoveryTtlMs,
    ...(init.inspect ? { inspect: init.inspect } : {}),
  });
  let streams = 0;
  const stopCounting = host.onRouterEvent((event) => {
    if (event.type === "stream-opened") streams++;
    else if (event.type === "stream-closed") streams = Math.max(0, streams - 1);
  });
  return {
    peerId: host.peerId,
    async join(topic) {
      left.delete(topic);
      joined.add(topic);
      await driver.join(topic, init.discoveryTtlMs);
      if (init.dialsPerJoin === 0) return;
      await driver.dialDiscovered(topic, init.dialsPerJoin);
      if (init.discovery.count(topic) > 1) {
        // Not ready is not a failure: the topic's other peers may all be leaving.
        await driver.bootstrap(topic, 1, init.dialsPerJoin);
      }
    },
    async leave(topic) {
      left.add(topic);
      joined.delete(topic);
      await driver.leave(topic);
    },
    publish: (topic, data) => driver.publish(topic, data),
    onMessage: (listener) => driver.onMessage(listener),
    connectionCount: () => host.connectionCount(),
    streamCount: () => streams,
    async stop() {
      for (const topic of joined) await client.stopAdvertising(topic);
      stopCounting();
      await driver.stop();
    },
  };
}
