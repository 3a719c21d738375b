/**
 * What drives a host through the scenario. The `plain` orchestration drives it with async code,
 * the `states` one with xstate machines; the scenario sees only this interface, so the two differ
 * in orchestration alone: same host, router, discovery and bootstrap logic.
 *
 * @module
 */
import type { BenchHost, ReceivedMessage } from "../net/mod.ts";
import type { BootstrapOutcome } from "./bootstrap_topic.ts";

/**
 * Share of a record's TTL after which a joined topic is advertised again: go-libp2p-pubsub's
 * discovery re-advertises at 7/8 of the TTL the service granted, so a record never lapses while
 * the host is in the topic. Both orchestrations renew at this share.
 */
export const READVERTISE_SHARE = 7 / 8;

/** Settings of the bootstrap step, as the scenario config gives them. */
export interface BootstrapSettings {
  backoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
}

/** One host's life as the scenario asks for it. */
export interface HostDriver {
  readonly host: BenchHost;
  /** Subscribes to `topic` and advertises it through discovery. */
  join(topic: string, ttlMs: number): Promise<void>;
  /** Unsubscribes from `topic` and stops advertising it (the simulator's peers leave topics). */
  leave(topic: string): Promise<void>;
  /** Finds up to `limit` advertised peers and dials those not connected; returns failed dials. */
  dialDiscovered(topic: string, limit: number): Promise<number>;
  /** Discovers and connects until `minTopicPeers` topic peers can be sent to, or gives up. */
  bootstrap(topic: string, minTopicPeers: number, discoverLimit: number): Promise<BootstrapOutcome>;
  publish(topic: string, data: Uint8Array): Promise<void>;
  /** Calls `listener` for every message delivered to the application. */
  onMessage(listener: (message: ReceivedMessage) => void): void;
  meshDegree(topic: string): number;
  /** Stops the machines, if any, and the host. */
  stop(): Promise<void>;
  /** Transitions taken per machine kind; undefined for the plain orchestration. */
  transitions(): Record<string, number> | undefined;
}

/** What every driver is built from. */
export interface HostDriverInit {
  host: BenchHost;
  discovery: import("../net/mod.ts").DiscoveryClient;
  /** Runs a dial within the run's dial-concurrency bound. */
  limitDial: <T>(dial: () => Promise<T>) => Promise<T>;
  bootstrap: BootstrapSettings;
  /**
   * Lifetime of the host's discovery records (the scenario's `discoveryTtlMs`): the `states`
   * discovery pool refreshes (re-advertises) every {@linkcode READVERTISE_SHARE} of it, when the
   * `plain` driver renews, so both do the same discovery work.
   */
  discoveryTtlMs: number;
  /**
   * Sees every inspection event of the host's machines (traced runs only: inspecting the host
   * machine costs time, so timed runs leave it unset). Ignored by the plain orchestration.
   */
  inspect?: (event: import("xstate").InspectionEvent) => void;
}
