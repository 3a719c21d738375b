/**
 * What one transition of each machine kind costs, against a bare xstate machine of the same
 * shape (same regions and states, the event taken at the same node, an inline action, no context,
 * no guard, no params). Each machine is brought to the context it has in the middle of a 20-host
 * run first: 19 peers, the bench topic joined, streams, subscriptions and grafts counted.
 *
 *     deno bench lib/machines/transition_bench.ts
 *
 * Each group's `baseline` is the bare machine, so `deno bench` prints "x times slower" per kind.
 * The "caches cold" groups time one transition right after 2 MB of unrelated allocation and
 * reading, as in a run, where libp2p's work between two deliveries evicts xstate's code and data
 * from the CPU caches; a plain function call doing the delivery is timed the same way.
 *
 * @module
 */
import {
  type AnyActorLogic,
  createActor,
  createMachine,
  fromPromise,
  SimulatedClock,
  toPromise,
} from "xstate";
import { pubsubHostMachine } from "./pubsub_host_machine.ts";
import { discoveryMachine } from "./discovery_machine.ts";
import { bootstrapFlowMachine } from "./bootstrap_flow_machine.ts";

const TOPIC = "bench";
const PEERS = Array.from({ length: 19 }, (_, i) => `12D3KooWPeer${String(i).padStart(40, "x")}`);
const DATA = new Uint8Array(128);
let delivered = 0;

/** The host machine with its delivery provided (counted in `delivered`). */
function _providedHostMachine() {
  return pubsubHostMachine.provide({
    actions: {
      deliverMessage: (_, message) => {
        delivered += message.data.length;
      },
    },
  });
}

/** One provided definition for every host, as the states driver does. */
const sharedHostMachine = _providedHostMachine();

/** A pubsubHost actor in the state it has mid-run. */
function _runningHost(machine = sharedHostMachine) {
  const actor = createActor(machine, { input: { hostIndex: 3, peerId: "12D3KooWSelf" } }).start();
  for (const peerId of PEERS) {
    actor.send({ type: "PEER_CONNECTED", peerId });
    actor.send({ type: "PEER_NEW_STREAM", peerId });
    actor.send({ type: "ADD_SUBSCRIPTION", peerId, topic: TOPIC });
  }
  actor.send({ type: "ADD_TOPIC", topic: TOPIC });
  actor.send({ type: "TOPIC_ANNOUNCED", topic: TOPIC });
  for (const peerId of PEERS.slice(0, 6)) actor.send({ type: "GRAFT", peerId, topic: TOPIC });
  return actor;
}

/** The pubsubHost's regions and states, the event at the root with an inline action. */
function _barePubsubHost() {
  const machine = createMachine({
    type: "parallel",
    on: {
      INCOMING_RPC: {
        actions: ({ event }) => {
          delivered += (event as unknown as { data: Uint8Array }).data.length;
        },
      },
      GRAFT: { actions: () => {} },
    },
    states: {
      peers: { initial: "connected", states: { pending: {}, connected: {}, dead: {} } },
      topics: { initial: "joined", states: { none: {}, announcing: {}, joined: {} } },
      relays: { initial: "none", states: { none: {}, relaying: {} } },
      validators: { initial: "none", states: { none: {}, validating: {} } },
      publishing: { initial: "idle", states: { idle: {}, publishing: {} } },
    },
  });
  return createActor(machine).start();
}

const host = _runningHost();
const bareHost = _barePubsubHost();
const rpc = { type: "INCOMING_RPC", topic: TOPIC, data: DATA } as const;
const graft = { type: "GRAFT", peerId: PEERS[7], topic: TOPIC } as const;

Deno.bench({
  name: "bare parallel machine, INCOMING_RPC",
  group: "pubsubHost INCOMING_RPC",
  baseline: true,
  fn: () => bareHost.send(rpc),
});
Deno.bench({
  name: "pubsubHost INCOMING_RPC (guard, deliverMessage, count)",
  group: "pubsubHost INCOMING_RPC",
  fn: () => host.send(rpc),
});
// A stand-in for the libp2p work between two deliveries of a run: allocate and read ~2 MB.
let churned = 0;
function _churn(): void {
  const blocks: Array<Array<{ index: number; text: string }>> = [];
  for (let i = 0; i < 512; i++) {
    const block = new Array(128);
    for (let j = 0; j < 128; j++) block[j] = { index: j, text: `x${j}` };
    blocks.push(block);
  }
  for (const block of blocks) churned += block[5].index;
}

const hosts = Array.from({ length: 20 }, () => _runningHost());
// Each host with a definition of its own, as the driver had it before: 20 copies of the state
// nodes and of xstate's per-node transition caches.
const hostsWithOwnMachine = Array.from({ length: 20 }, () => _runningHost(_providedHostMachine()));
const bareHosts = Array.from({ length: 20 }, _barePubsubHost);
let turn = 0;
const direct = (event: typeof rpc): void => {
  delivered += event.data.length;
};

Deno.bench({
  name: "bare parallel machine, INCOMING_RPC, caches cold",
  group: "pubsubHost INCOMING_RPC, caches cold",
  baseline: true,
  fn: (b) => {
    _churn();
    const actor = bareHosts[turn++ % 20];
    b.start();
    actor.send(rpc);
    b.end();
  },
});
Deno.bench({
  name: "pubsubHost INCOMING_RPC, caches cold",
  group: "pubsubHost INCOMING_RPC, caches cold",
  fn: (b) => {
    _churn();
    const actor = hosts[turn++ % 20];
    b.start();
    actor.send(rpc);
    b.end();
  },
});
Deno.bench({
  name: "pubsubHost INCOMING_RPC, a machine definition per host, caches cold",
  group: "pubsubHost INCOMING_RPC, caches cold",
  fn: (b) => {
    _churn();
    const actor = hostsWithOwnMachine[turn++ % 20];
    b.start();
    actor.send(rpc);
    b.end();
  },
});
Deno.bench({
  name: "plain function call delivering the message, caches cold",
  group: "pubsubHost INCOMING_RPC, caches cold",
  fn: (b) => {
    _churn();
    b.start();
    direct(rpc);
    b.end();
  },
});

Deno.bench({
  name: "bare parallel machine, GRAFT",
  group: "pubsubHost GRAFT",
  baseline: true,
  fn: () => bareHost.send(graft),
});
Deno.bench({
  name: "pubsubHost GRAFT (count)",
  group: "pubsubHost GRAFT",
  fn: () => host.send(graft),
});

/** The discovery machine running its pool, advertised, bootstrapped once, on a fake clock. */
function _runningDiscovery(clock: SimulatedClock) {
  const actor = createActor(
    discoveryMachine.provide({
      actions: { refreshDiscoveries: () => {}, bootstrapFinished: () => {} },
      actors: { advertise: fromPromise(() => Promise.resolve()) },
    }),
    { input: { refreshIntervalMs: 1000 }, clock },
  ).start();
  actor.send({ type: "START" });
  return actor;
}

/** The discovery machine's regions and states, with the same refresh timer and bootstrap step. */
function _bareDiscovery(clock: SimulatedClock) {
  const machine = createMachine({
    type: "parallel",
    states: {
      pool: {
        initial: "running",
        states: {
          stopped: {},
          running: { after: { 1000: { target: "running", reenter: true, actions: () => {} } } },
        },
      },
      discovery: { initial: "discovered", states: { idle: {}, discovering: {}, discovered: {} } },
      advertising: { initial: "advertised", states: { idle: {}, advertising: {}, advertised: {} } },
      bootstrap: {
        initial: "bootstrapped",
        states: {
          idle: {},
          bootstrapping: {},
          bootstrapped: { on: { BOOTSTRAP_TOPIC: { target: "bootstrapped", actions: () => {} } } },
          failed: {},
        },
      },
    },
  });
  return createActor(machine, { clock }).start();
}

const discoveryClock = new SimulatedClock();
const discovery = _runningDiscovery(discoveryClock);
const bareClock = new SimulatedClock();
const bareDiscovery = _bareDiscovery(bareClock);
const readyBootstrap = {
  type: "BOOTSTRAP_TOPIC",
  topic: TOPIC,
  minTopicPeers: 1,
  discoverLimit: 4,
  topicPeers: 6,
  backoffMs: 10,
  maxBackoffMs: 200,
  maxAttempts: 200,
} as const;

Deno.bench({
  name: "bare parallel machine, refresh timer",
  group: "discovery refresh timer",
  baseline: true,
  fn: () => bareClock.increment(1000),
});
Deno.bench({
  name: "discovery refresh timer (re-enter running, refresh, count)",
  group: "discovery refresh timer",
  fn: () => discoveryClock.increment(1000),
});
Deno.bench({
  name: "bare parallel machine, BOOTSTRAP_TOPIC",
  group: "discovery BOOTSTRAP_TOPIC of a ready host",
  baseline: true,
  fn: () => bareDiscovery.send({ type: "BOOTSTRAP_TOPIC" } as never),
});
Deno.bench({
  name: "discovery BOOTSTRAP_TOPIC of a ready host (guard, bootstrapFinished)",
  group: "discovery BOOTSTRAP_TOPIC of a ready host",
  fn: () => discovery.send(readyBootstrap),
});

const flowInput = {
  topic: TOPIC,
  minTopicPeers: 1,
  discoverLimit: 4,
  backoffMs: 10,
  maxBackoffMs: 200,
  maxAttempts: 200,
};
const readyFlow = bootstrapFlowMachine.provide({
  actors: { countTopicPeers: fromPromise(() => Promise.resolve(6)) },
});
const bareFlow = createMachine({
  initial: "checking",
  states: {
    checking: {
      invoke: { src: fromPromise(() => Promise.resolve(6)), onDone: "bootstrapped" },
    },
    discovering: {},
    delay: {},
    bootstrapped: { type: "final" },
    failed: { type: "final" },
  },
});

async function _runFlow(logic: AnyActorLogic, input?: unknown): Promise<void> {
  await toPromise(createActor(logic, { input }).start());
}

Deno.bench({
  name: "bare flow machine: spawn, check, done",
  group: "bootstrapFlow of a ready host",
  baseline: true,
  fn: () => _runFlow(bareFlow),
});
Deno.bench({
  name: "bootstrapFlow of a ready host: spawn, check, done",
  group: "bootstrapFlow of a ready host",
  fn: () => _runFlow(readyFlow, flowInput),
});

// Keeps the sink observable, so the delivery work cannot be optimised away.
globalThis.addEventListener("unload", () => {
  if (delivered < 0 || churned < 0) console.log(delivered, churned);
});
