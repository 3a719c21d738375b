/**
 * Where the scenario's hosts live, as the scenario sees them: all in this thread
 * (`local_hosts.ts`), or spread over shards in worker threads (`sharded_hosts.ts`). The scenario
 * (`discovery_scenario.ts`) drives either through this interface, so its phases, its delivery
 * check and its failures are the same however the hosts are spread.
 *
 * @module
 */
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import type { BootstrapOutcome } from "./bootstrap_topic.ts";
import type { DeliveryTracker } from "./delivery_tracker.ts";
import type { RunObserver } from "./run_observer.ts";
import type { SeededRandom } from "./seeded_random.ts";

/** A step of the run could not be done; its message says which and what was seen. */
export class ScenarioFailure extends Error {
  override name = "ScenarioFailure";
}

/** One message to publish. */
export interface OutgoingMessage {
  index: number;
  publisher: number;
  data: Uint8Array;
}

/** The readiness a publisher must reach before it publishes. */
export interface PublishReadiness {
  minTopicPeers: number;
  /** Records to ask discovery for on each bootstrap attempt. */
  discoverLimit: number;
}

/** How a publish went. */
export interface PublishOutcome {
  /** The readiness step before it, when one was asked for. */
  bootstrap?: BootstrapOutcome;
  /**
   * When the publish call began, on the scenario's clock; absent when the publisher did not
   * reach its readiness and so did not publish.
   */
  publishedAt?: number;
}

/** What stopping every host left. */
export interface StopOutcome {
  /** Hosts whose stop threw. */
  stopErrors: number;
  /** Transitions per machine kind over all hosts (machine-driven orchestrations only). */
  transitions?: Record<string, number>;
  /** Router receptions of messages over all hosts, duplicates included. */
  receptions: number;
  /**
   * Heap of the shards' own isolates (worker threads), summed over shards: each one's largest
   * sample, and after stop. Absent when every host was in this thread.
   */
  shardHeap?: { maxBytes: number; finalBytes: number };
}

/** The hosts of one run, wherever they are. */
export interface ScenarioHosts {
  /** Creates and starts every host; resolves with their peer ids, by index. */
  create(): Promise<readonly string[]>;
  /**
   * Hosts 1..n-1 join the topic in turn, each dialing up to `dialsPerHost` of the peers
   * advertised before it; resolves once discovery holds their n-1 records and those dials are
   * done, with the number of failed dials. Throws a {@linkcode ScenarioFailure} when the records
   * are not all there within the delivery timeout.
   */
  joinOthers(): Promise<number>;
  /** Host `index` joins the topic (subscribes and advertises). */
  join(index: number): Promise<void>;
  /** Host `index` discovers and dials until it has `minTopicPeers` topic peers, or gives up. */
  bootstrap(index: number, minTopicPeers: number, discoverLimit: number): Promise<BootstrapOutcome>;
  /** Host `publisher`'s mesh degree and the mean over all hosts. */
  meshDegrees(publisher: number): Promise<{ publisher: number; mean: number }>;
  /**
   * Tells the hosts' delivery checks what is published under `message.index` (where they are
   * not the scenario's own tracker), then has the publisher reach `readiness`, when given, and
   * publish. Publishes run one after another in the order of the
   * calls, whether or not the caller awaits each one; after one publisher did not get ready (or
   * a publish threw), the later ones are not published.
   */
  publish(message: OutgoingMessage, readiness?: PublishReadiness): Promise<PublishOutcome>;
  /** Hosts that have joined the topic so far (for progress). */
  joinedCount(): number;
  /**
   * Problems seen where the hosts are that the tracker has not heard of yet (receptions of an
   * index no one published). Empty for hosts in this thread: their tracker sees every reception.
   */
  problems(): Promise<string[]>;
  /** Stops every host (and every shard); never throws. */
  stop(): Promise<StopOutcome>;
}

/** What every {@linkcode ScenarioHosts} is made from. */
export interface ScenarioHostsInit {
  hosts: number;
  variant: VariantSpec;
  scenario: ScenarioConfig;
  /** The run's random source; host keys and discovery use forks of it. */
  random: SeededRandom;
  /** The seed `random` was made from (shards in other threads make their own from it). */
  seed: number;
  /** Unique in the process; names the hosts' memory-transport addresses. */
  runTag: string;
  /** The scenario's clock, in ms. */
  now: () => number;
  /** The run's delivery tracker: every reception goes to it (checked here or in a shard). */
  tracker: DeliveryTracker;
  /** Sees hosts and machines (traced runs; only hosts in this thread can be observed). */
  observer?: RunObserver;
}
