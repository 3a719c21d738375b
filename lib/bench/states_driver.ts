/**
 * The `states` orchestration: a host's life driven by xstate machines. Every router event the
 * host reports and every call the scenario makes passes through a transition of the pub/sub host
 * machine, the discovery machine, or the bootstrap flow the discovery machine runs; this file
 * provides their effects (libp2p calls, discovery, timers) and feeds them events.
 *
 * @module
 */
import {
  type Actor,
  type ActorSystem,
  createActor,
  fromPromise,
  type InspectionEvent,
  waitFor,
} from "xstate";
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
import { type HostDriver, type HostDriverInit, READVERTISE_SHARE } from "./host_driver.ts";

/** What the shared machines' effects need of one host's driver. */
interface _DriverEffects {
  init: HostDriverInit;
  messageListeners: Array<(message: ReceivedMessage) => void>;
  publishes: Map<number, { resolve(): void; reject(error: unknown): void }>;
  /** Topics advertised, with their TTL: what the pool's refresh re-advertises. */
  advertised: Map<string, number>;
  bootstrapDone?: (output: BootstrapFlowOutput) => void;
  /** Set by a host-machine effect that stands for an accepted event without a new snapshot. */
  accepted: boolean;
  sendToHost(event: PubsubHostEvent): void;
}

/**
 * Each driver's effects, by the actor system of its two machines (a root actor's system is
 * shared by its children: the discovery machine's promise actors and bootstrap flows).
 */
const _effectsBySystem = new WeakMap<_AnySystem, _DriverEffects>();

// deno-lint-ignore no-explicit-any -- xstate types every machine's system with its own info.
type _AnySystem = ActorSystem<any>;

function _effects(system: _AnySystem): _DriverEffects {
  const effects = _effectsBySystem.get(system);
  if (effects === undefined) {
    throw new Error("states driver: a machine ran an effect for an actor no driver registered");
  }
  return effects;
}

/**
 * The host and discovery machines with the runner's effects, provided once for every host: each
 * provide() builds a machine definition of its own, whose state nodes and transition caches xstate
 * then fills per host. Shared, the hosts' transitions run through the same, warm definitions; an
 * effect finds its host through the actor system it runs in.
 */
let _sharedMachines: ReturnType<typeof _provideMachines> | undefined;

function _provideMachines() {
  const host = pubsubHostMachine.provide({
    actions: {
      joinTopic: ({ system }, { topic }) => _effects(system).init.host.subscribe(topic),
      leaveTopic: ({ system }, { topic }) => _effects(system).init.host.unsubscribe(topic),
      installValidator: ({ system }, { topic, delayMs }) =>
        _effects(system).init.host.setValidationDelay(topic, delayMs),
      deliverMessage: ({ system }, message) => {
        const effects = _effects(system);
        // The transition assigns nothing, so the snapshot stays the same: count it here.
        effects.accepted = true;
        for (const listener of effects.messageListeners) listener(message);
      },
      // The publish's end comes back as an event, through a transition like any other.
      publishMessage: ({ system }, { requestId, topic, data }) => {
        const effects = _effects(system);
        effects.init.host.publish(topic, data).then(
          () => effects.sendToHost({ type: "PUBLISH_DONE", requestId }),
          (error) => effects.sendToHost({ type: "PUBLISH_FAILED", requestId, error }),
        );
      },
      publishDone: ({ system }, { requestId }) =>
        _effects(system).publishes.get(requestId)?.resolve(),
      publishFailed: ({ system }, { requestId, error }) =>
        _effects(system).publishes.get(requestId)?.reject(error),
    },
  });
  const discovery = discoveryMachine.provide({
    actions: {
      refreshDiscoveries: ({ system }) => {
        const { init, advertised } = _effects(system);
        for (const [topic, ttlMs] of advertised) void init.discovery.advertise(topic, ttlMs);
      },
      stopAdvertising: ({ system }, { topic }) => {
        const { init, advertised } = _effects(system);
        advertised.delete(topic);
        void init.discovery.stopAdvertising(topic);
      },
      bootstrapFinished: ({ system }, output) => _effects(system).bootstrapDone?.(output),
    },
    actors: {
      findAndDial: fromPromise(({ input, system }) =>
        dialDiscoveredPeers(_effects(system).init, input.topic, input.limit)
      ),
      advertise: fromPromise(async ({ input, system }) => {
        const { init, advertised } = _effects(system);
        advertised.set(input.topic, input.ttlMs);
        await init.discovery.advertise(input.topic, input.ttlMs);
      }),
      bootstrapFlow: bootstrapFlowMachine.provide({
        actors: {
          countTopicPeers: fromPromise(({ input, system }) => {
            const effects = _effects(system);
            effects.sendToHost({ type: "GET_PEERS" });
            return Promise.resolve(effects.init.host.topicPeerCount(input.topic));
          }),
          discoverAndDial: fromPromise(async ({ input, system }) => ({
            dialFailures:
              (await dialDiscoveredPeers(_effects(system).init, input.topic, input.limit))
                .dialFailures,
          })),
          waitForTopicPeers: fromPromise(async ({ input, system }) => {
            const { host } = _effects(system).init;
            const startedAt = performance.now();
            const ready = await waitForTopicPeers(host, input.topic, input.count, input.timeoutMs);
            return {
              ready,
              waitedMs: performance.now() - startedAt,
              topicPeers: host.topicPeerCount(input.topic),
            };
          }),
        },
      }),
    },
  });
  return { host, discovery };
}

/** Drives `init.host` through the pub/sub host and discovery machines. */
export function createStatesDriver(init: HostDriverInit): HostDriver {
  const { host, discovery } = init;
  const machines = _sharedMachines ??= _provideMachines();
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

  const hostActor = createActor(machines.host, {
    id: `host${host.index}/pubsubHost`,
    input: { hostIndex: host.index, peerId: host.peerId },
    ...(observe ? { inspect: observe } : {}),
  });
  // The host machine sees an event per delivered message, and inspection would build several
  // objects per event (about 15% of its cost). It has no eventless transitions and every event
  // is handled by one region, so an accepted event is one transition: one that changed the
  // snapshot, or one whose effect says so (deliverMessage, which assigns nothing).
  const sendToHost = (event: PubsubHostEvent): void => {
    const before = hostActor.getSnapshot();
    effects.accepted = false;
    hostActor.send(event);
    if (effects.accepted || hostActor.getSnapshot() !== before) transitions.pubsubHost++;
  };
  const effects: _DriverEffects = {
    init,
    messageListeners,
    publishes,
    advertised: new Map(),
    accepted: false,
    sendToHost,
  };
  _effectsBySystem.set(hostActor.system, effects);

  const discoveryActor = createActor(machines.discovery, {
    // Named ids: the journal and the traces show "host3/discovery", not "x:7".
    id: `host${host.index}/discovery`,
    // The pool's refresh re-advertises the host's topics: it runs when the plain driver renews a
    // record, so the two orchestrations do the same discovery work (a 1 s refresh made 80
    // transitions and advertisements in a 20 x 100 run, one a second in any longer run, that the
    // plain driver does not).
    input: { refreshIntervalMs: init.discoveryTtlMs * READVERTISE_SHARE },
    inspect,
  });
  _effectsBySystem.set(discoveryActor.system, effects);

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
      if (effects.advertised.delete(topic)) await discovery.stopAdvertising(topic);
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
        effects.bootstrapDone = (output) => {
          effects.bootstrapDone = undefined;
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
