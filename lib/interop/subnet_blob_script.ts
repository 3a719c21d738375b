/**
 * A script shaped like the experiment's `subnet-blob-msg` scenario (its `experiment.py`): spread
 * first heartbeats, a 5 ms validation delay, a random connect topology, everyone subscribed to
 * one topic, then one message at a time from a random node. Sizes, counts and times are options
 * so that a small run fits on one machine; the random choices come from a seed.
 *
 * @module
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { ExperimentParams, ScriptInstruction } from "./experiment_params.ts";

/** Options of {@linkcode createSubnetBlobScript}. */
export interface SubnetBlobScriptOptions {
  /** Seed of the topology and of the publishers (an integer). */
  seed: number;
  /** Connections each node makes or accepts at least. @default min(20, nodeCount - 1) */
  connectionsPerNode?: number;
  /** @default 16 */
  messageCount?: number;
  /** @default 98304 (48 blobs of 2 KiB) */
  messageSizeBytes?: number;
  /** @default "a-subnet" */
  topic?: string;
  /** When the first message is published, in seconds since start. @default 120 */
  firstPublishSeconds?: number;
  /** Seconds between messages. @default 12 */
  publishIntervalSeconds?: number;
  /** Seconds the nodes keep running after the last message. @default 30 */
  tailSeconds?: number;
  /** @default 0.005 */
  validationDelaySeconds?: number;
}

/** A script and the node that publishes each message. */
export interface SubnetBlobScript {
  params: ExperimentParams;
  /** `publishers[i]`: the node that publishes message `i`. */
  publishers: number[];
  /** `connectTo[n]`: the nodes node `n` dials. */
  connectTo: number[][];
  /** When the script ends, in seconds since start. */
  endSeconds: number;
}

/**
 * Builds the script for `nodeCount` nodes.
 *
 * @example
 * ```ts
 * import { createSubnetBlobScript } from "./subnet_blob_script.ts";
 *
 * const { params, publishers } = createSubnetBlobScript(10, { seed: 1, messageCount: 4 });
 * console.assert(publishers.length === 4 && params.script.length > 0);
 * ```
 *
 * @throws {RangeError} if `nodeCount` < 2 or `connectionsPerNode` is not in [1, nodeCount - 1]
 */
export function createSubnetBlobScript(
  nodeCount: number,
  options: SubnetBlobScriptOptions,
): SubnetBlobScript {
  if (!Number.isSafeInteger(nodeCount) || nodeCount < 2) {
    throw new RangeError(
      `createSubnetBlobScript: nodeCount must be an integer >= 2, got ${nodeCount}`,
    );
  }
  const connections = options.connectionsPerNode ?? Math.min(20, nodeCount - 1);
  if (!Number.isSafeInteger(connections) || connections < 1 || connections > nodeCount - 1) {
    throw new RangeError(
      `createSubnetBlobScript: connectionsPerNode must be an integer in [1, ${
        nodeCount - 1
      }], got ${connections}`,
    );
  }
  const rng = xoroshiro128plus(options.seed | 0);
  const randomNode = (): number => uniformInt(rng, 0, nodeCount - 1);
  const topic = options.topic ?? "a-subnet";
  const script: ScriptInstruction[] = [];

  // spread_heartbeat_delay: 100.1 ms, 100.2 ms, ... (the microseconds part of a timedelta).
  for (let node = 0; node < nodeCount; node++) {
    const micros = (100_000 + 100 * (node + 1)) % 1_000_000;
    script.push({
      type: "ifNodeIDEquals",
      nodeID: node,
      instruction: {
        type: "initGossipSub",
        gossipSubParams: { HeartbeatInitialDelay: micros * 1000 },
      },
    });
  }
  script.push({
    type: "setTopicValidationDelay",
    topicID: topic,
    delaySeconds: options.validationDelaySeconds ?? 0.005,
  });

  // random_network_mesh: each node draws peers until it has `connections`, counting both ways.
  const linked = Array.from({ length: nodeCount }, () => new Set<number>());
  const connectTo = Array.from({ length: nodeCount }, () => [] as number[]);
  for (let node = 0; node < nodeCount; node++) {
    while (linked[node].size < connections) {
      const target = randomNode();
      if (target === node || linked[node].has(target)) continue;
      linked[node].add(target);
      linked[target].add(node);
      connectTo[node].push(target);
    }
  }
  connectTo.forEach((targets, node) => {
    if (targets.length > 0) {
      script.push({
        type: "ifNodeIDEquals",
        nodeID: node,
        instruction: { type: "connect", connectTo: targets },
      });
    }
  });
  script.push({ type: "subscribeToTopic", topicID: topic });

  // random_publish_every_12s
  let elapsed = options.firstPublishSeconds ?? 120;
  const interval = options.publishIntervalSeconds ?? 12;
  const publishers: number[] = [];
  script.push({ type: "waitUntil", elapsedSeconds: elapsed });
  for (let message = 0; message < (options.messageCount ?? 16); message++) {
    const publisher = randomNode();
    publishers.push(publisher);
    script.push({
      type: "ifNodeIDEquals",
      nodeID: publisher,
      instruction: {
        type: "publish",
        messageID: message,
        messageSizeBytes: options.messageSizeBytes ?? 2 * 1024 * 48,
        topicID: topic,
      },
    });
    elapsed += interval;
    script.push({ type: "waitUntil", elapsedSeconds: elapsed });
  }
  elapsed += options.tailSeconds ?? 30;
  script.push({ type: "waitUntil", elapsedSeconds: elapsed });
  return { params: { script }, publishers, connectTo, endSeconds: elapsed };
}
