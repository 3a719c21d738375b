/**
 * The `states` orchestration: a host's life driven by xstate machines. Every router event the
 * host reports and every call the scenario makes passes through a transition of the pub/sub host
 * machine, the discovery machine, or the bootstrap flow the discovery machine runs; this file
 * provides their effects (libp2p calls, discovery, timers) and feeds them events.
 *
 * @module
 */
import { type Actor, createActor, fromPromise, type InspectionEvent, waitFor } from "xstate";
import {
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
  discoveryMachine,
  MACHINE_KINDS,
  type PubsubHostEvent,
  pubsubHostMachine,
} from "../machines/mod.ts";
import type { ReceivedMessage, RouterEvent } from "../net/mod.ts";
import { dialDiscoveredPeers, waitForTopicPeers } from "./bootstrap_topic.ts";
import type { HostDriver, HostDriverInit } from "./host_driver.ts";

/** How often the discovery pool re-advertises the host's topics (its refresh timer). */
export const DISCOVERY_REFRESH_INTERVAL_MS = 1_000;

/** Drives `init.host` through the pub/sub host and discovery machines. */
export function createStatesDriver(init: HostDriverInit): HostDriver {
  const { host, discovery } = init;
  const transitions = Object.fromEntries(MACHINE_KINDS.map((kind) => [kind, 0])) as Record<
    string,
    number
  >;
  // The discovery machine and its bootstrap-flow children see few events: xstate's inspection
  // hook counts their transitions exactly.
  const observe = init.inspect;
  const inspect = (event: InspectionEvent): void => {
    observe?.(event);
    if (event.type !== "@xstate.microstep") return;
    const kind = (event.snapshot as { machine?: { id: string } }).machine?.id ?? "unknown";
    transitions[kind] = (transitions[kind] ?? 0) + event._transitions.length;
  };
  const messageListeners: Array<(message: ReceivedMessage) => void> = [];
  const publishes = new Map<number, { resolve(): void; reject(error: unknown): void }>();
  let nextRequestId = 0;
  let bootstrapDone: ((output: BootstrapFlowOutput) => void) | undefined;
  const advertised = new Map<string, number>();

  const hostActor = createActor(
    pubsubHostMachine.provide({
      actions: {
        joinTopic: (_, { topic }) => host.subscribe(topic),
        leaveTopic: (_, { topic }) => host.unsubscribe(topic),
        installValidator: (_, { topic, delayMs }) => host.setValidationDelay(topic, delayMs),
        deliverMessage: (_, message) => {
          for (const listener of messageListeners) listener(message);
        },
        // The invoke's done / error transition happens inside the actor, not through a send.
        publishDone: (_, { requestId }) => {
          transitions.pubsubHost++;
          publishes.get(requestId)?.resolve();
        },
        publishFailed: (_, { requestId, error }) => {
          transitions.pubsubHost++;
          publishes.get(requestId)?.reject(error);
        },
      },
      actors: {
        publishMessage: fromPromise(async ({ input }) => {
          await host.publish(input.topic, input.data);
          return { requestId: input.requestId };
        }),
      },
    }),
    {
      id: `host${host.index}/pubsubHost`,
      input: { hostIndex: host.index, peerId: host.peerId },
      ...(observe ? { inspect: observe } : {}),
    },
  );
  // The host machine sees an event per delivered message, and inspection would build several
  // objects per event (about 15% of its cost). It has no eventless transitions and every event
  // is handled by one region, so an accepted event is one transition: count snapshot changes.
  const sendToHost = (event: PubsubHostEvent): void => {
    const before = hostActor.getSnapshot();
    hostActor.send(event);
    if (hostActor.getSnapshot() !== before) transitions.pubsubHost++;
  };

  const discoveryActor = createActor(
    discoveryMachine.provide({
      actions: {
        refreshDiscoveries: () => {
          for (const [topic, ttlMs] of advertised) void discovery.advertise(topic, ttlMs);
        },
        stopAdvertising: (_, { topic }) => {
          advertised.delete(topic);
          void discovery.stopAdvertising(topic);
        },
        bootstrapFinished: (_, output) => bootstrapDone?.(output),
      },
      actors: {
        findAndDial: fromPromise(({ input }) =>
          dialDiscoveredPeers(init, input.topic, input.limit)
        ),
        advertise: fromPromise(async ({ input }) => {
          advertised.set(input.topic, input.ttlMs);
          await discovery.advertise(input.topic, input.ttlMs);
        }),
        bootstrapFlow: bootstrapFlowMachine.provide({
          actors: {
            countTopicPeers: fromPromise(({ input }) => {
              sendToHost({ type: "GET_PEERS" });
              return Promise.resolve(host.topicPeerCount(input.topic));
            }),
            discoverAndDial: fromPromise(async ({ input }) => ({
              dialFailures:
                (await dialDiscoveredPeers(init, input.topic, input.limit)).dialFailures,
            })),
            waitForTopicPeers: fromPromise(async ({ input }) => {
              const startedAt = performance.now();
              const ready = await waitForTopicPeers(
                host,
                input.topic,
                input.count,
                input.timeoutMs,
              );
              return {
                ready,
                waitedMs: performance.now() - startedAt,
                topicPeers: host.topicPeerCount(input.topic),
              };
            }),
          },
        }),
      },
    }),
    // Named ids: the journal and the traces show "host3/discovery", not "x:7".
    {
      id: `host${host.index}/discovery`,
      input: { refreshIntervalMs: DISCOVERY_REFRESH_INTERVAL_MS },
      inspect,
    },
  );

  const stopRouterEvents = host.onRouterEvent((event) => sendToHost(_toHostEvent(event)));
  host.onMessage((message) =>
    sendToHost({ type: "INCOMING_RPC", topic: message.topic, data: message.data })
  );
  hostActor.start();
  discoveryActor.start();
  discoveryActor.send({ type: "START" });

  return {
    host,
    async join(topic, ttlMs) {
      sendToHost({ type: "ADD_TOPIC", topic });
      sendToHost({ type: "TOPIC_ANNOUNCED", topic });
      discoveryActor.send({ type: "ADVERTISE", topic, ttlMs });
      await waitFor(discoveryActor, (snapshot) => snapshot.matches({ advertising: "advertised" }));
    },
    async leave(topic) {
      sendToHost({ type: "REMOVE_TOPIC", topic });
      discoveryActor.send({ type: "STOP_ADVERTISING", topic });
      // The discovery machine takes STOP_ADVERTISING only once advertised; before that, the
      // refresh timer must still not bring the topic back.
      if (advertised.delete(topic)) await discovery.stopAdvertising(topic);
    },
    async dialDiscovered(topic, limit) {
      const before = discoveryActor.getSnapshot().context.dialFailures;
      discoveryActor.send({ type: "DISCOVER_TOPIC", topic, limit });
      const snapshot = await waitFor(
        discoveryActor,
        (state) => !state.matches({ discovery: "discovering" }),
      );
      return snapshot.context.dialFailures - before;
    },
    bootstrap(topic, minTopicPeers, discoverLimit) {
      return new Promise((resolve) => {
        bootstrapDone = (output) => {
          bootstrapDone = undefined;
          resolve({
            ready: output.ready,
            attempts: output.attempts,
            dialFailures: output.dialFailures,
            topicPeers: output.topicPeers,
            windowWaitMs: output.windowWaitMs,
          });
        };
        // Count first, as bootstrapTopic() does: a ready host needs no bootstrap flow.
        sendToHost({ type: "GET_PEERS" });
        discoveryActor.send({
          type: "BOOTSTRAP_TOPIC",
          topic,
          minTopicPeers,
          discoverLimit,
          topicPeers: host.topicPeerCount(topic),
          ...init.bootstrap,
        });
      });
    },
    publish(topic, data) {
      const requestId = nextRequestId++;
      return new Promise<void>((resolve, reject) => {
        publishes.set(requestId, {
          resolve: () => {
            publishes.delete(requestId);
            resolve();
          },
          reject: (error) => {
            publishes.delete(requestId);
            reject(error);
          },
        });
        sendToHost({ type: "PUBLISH", requestId, topic, data });
        if (!publishes.has(requestId)) return;
        if (!_isPublishing(hostActor)) {
          publishes.delete(requestId);
          reject(new Error(`host ${host.index}: PUBLISH on "${topic}" was not accepted`));
        }
      });
    },
    onMessage: (listener) => {
      messageListeners.push(listener);
    },
    meshDegree(topic) {
      sendToHost({ type: "GET_TOPIC", topic });
      return host.meshDegree(topic);
    },
    async stop() {
      discoveryActor.send({ type: "STOP" });
      stopRouterEvents();
      discoveryActor.stop();
      hostActor.stop();
      await host.stop();
    },
    transitions: () => ({ ...transitions }),
  };
}

function _isPublishing(actor: Actor<typeof pubsubHostMachine>): boolean {
  return actor.getSnapshot().matches({ publishing: "publishing" });
}

function _toHostEvent(event: RouterEvent): PubsubHostEvent {
  switch (event.type) {
    case "peer-connected":
      return { type: "PEER_CONNECTED", peerId: event.peerId };
    case "peer-disconnected":
      return { type: "PEER_DISCONNECTED", peerId: event.peerId };
    case "stream-opened":
      return { type: "PEER_NEW_STREAM", peerId: event.peerId };
    case "stream-closed":
      return { type: "PEER_CLOSE_STREAM", peerId: event.peerId };
    case "subscription-change":
      return event.subscribe
        ? { type: "ADD_SUBSCRIPTION", peerId: event.peerId, topic: event.topic }
        : { type: "REMOVE_SUBSCRIPTION", peerId: event.peerId, topic: event.topic };
    case "graft":
      return { type: "GRAFT", peerId: event.peerId, topic: event.topic };
    case "prune":
      return { type: "PRUNE", peerId: event.peerId, topic: event.topic };
  }
}
