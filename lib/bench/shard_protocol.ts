/**
 * What a sharded run's coordinator (the run's main thread) and its shards (worker threads, each
 * holding some of the run's hosts) say to each other. Every message is structured-clone data.
 *
 * Coordinator -> shard: `call` (a method with arguments; answered by a `result` with the same id)
 * and `expect` (what a message index carries, for the shard's delivery check; not answered).
 *
 * Shard -> coordinator: `loaded` (modules loaded, once), `result`, the discovery requests of its
 * hosts (`advertise` and `stop-advertising` are not answered, `find` is answered by `found`), and
 * the verdicts of its delivery check (`deliveries`, `corrupted`), batched.
 *
 * Times a shard sends are epoch milliseconds with sub-millisecond precision
 * (`performance.timeOrigin + performance.now()`): every thread of the process reads the same
 * clock through it.
 *
 * @module
 */
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import type { PeerRecord } from "../net/mod.ts";
import type { BootstrapOutcome } from "./bootstrap_topic.ts";
import type { PublishReadiness } from "./scenario_hosts.ts";

/** What a shard is made for: its hosts and the run's settings. */
export interface ShardSetup {
  /** This shard's number, from 0. */
  shard: number;
  /** Indices of the hosts this shard holds, ascending. */
  indices: number[];
  /** Hosts of the whole run. */
  hosts: number;
  variant: VariantSpec;
  scenario: ScenarioConfig;
  /** The run's seed: every shard derives the same host keys from it. */
  seed: number;
  runTag: string;
}

/** A host's record, with its index. */
export interface IndexedRecord extends PeerRecord {
  index: number;
}

/** The methods a shard answers, with their arguments and results. */
export interface ShardMethods {
  create: { args: ShardSetup; result: IndexedRecord[] };
  /** Its hosts but host 0 join in index order; the result is their failed dials. */
  joinOthers: { args: Record<string, never>; result: number };
  join: { args: { index: number }; result: null };
  bootstrap: {
    args: { index: number; minTopicPeers: number; discoverLimit: number };
    result: BootstrapOutcome;
  };
  /** The sum of its hosts' mesh degrees, and `publisher`'s when it holds it. */
  meshDegrees: { args: { publisher: number }; result: { sum: number; publisher?: number } };
  publish: {
    args: { index: number; publisher: number; data: Uint8Array; readiness?: PublishReadiness };
    /** `publishedAt` in epoch ms; absent when the publisher did not get ready. */
    result: { bootstrap?: BootstrapOutcome; publishedAt?: number };
  };
  /** Receptions the shard could not match to any published index, as problems. */
  problems: { args: Record<string, never>; result: string[] };
  stop: { args: Record<string, never>; result: ShardStopped };
}

/** A shard's name for each method. */
export type ShardMethod = keyof ShardMethods;

/** What a shard leaves when its hosts have stopped. */
export interface ShardStopped {
  stopErrors: number;
  transitions?: Record<string, number>;
  receptions: number;
  /** This shard's heap (its own isolate): the largest sample, and after stop. */
  heapUsedMaxBytes: number;
  heapUsedFinalBytes: number;
}

/** Coordinator -> shard. */
export type ToShard =
  | { type: "call"; id: number; method: ShardMethod; args: unknown }
  | { type: "expect"; index: number; data: Uint8Array }
  | { type: "found"; id: number; records: PeerRecord[] };

/** Shard -> coordinator. */
export type FromShard =
  | { type: "loaded" }
  | { type: "result"; id: number; value?: unknown; error?: string }
  | { type: "advertise"; host: number; namespace: string; ttlMs: number }
  | { type: "stop-advertising"; host: number; namespace: string }
  | { type: "find"; id: number; host: number; namespace: string; limit: number }
  | { type: "deliveries"; hosts: number[]; indices: number[]; times: number[] }
  | { type: "corrupted"; host: number; index: number };

/** One end of a coordinator-shard channel (a Worker, or the worker's own global scope). */
export interface ShardPort<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

/** Now, in epoch milliseconds with sub-millisecond precision: one clock for every thread. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
