// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, strictEqual } from "node:assert/strict";
import { type Actor, createActor, fromPromise, waitFor } from "xstate";
import { simPeerMachine } from "./sim_peer_machine.ts";

/** A promise the test settles by hand. */
interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve = (): void => {};
  let reject = (_: Error): void => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface Harness {
  actor: Actor<typeof simPeerMachine>;
  /** Effects in the order they happened. */
  log: string[];
  connect: Deferred;
  /** Pending effect promises by `kind:arg`. */
  work: Map<string, Deferred>;
}

function startPeer(): Harness {
  const log: string[] = [];
  const connect = deferred();
  const work = new Map<string, Deferred>();
  const pending = (key: string): Promise<void> => {
    log.push(`start ${key}`);
    const entry = deferred();
    work.set(key, entry);
    return entry.promise;
  };
  const machine = simPeerMachine.provide({
    actors: {
      createIdentity: fromPromise(() =>
        Promise.resolve({ keySeed: new Uint8Array(32) as Uint8Array })
      ),
      connect: fromPromise(() => connect.promise),
      joinTopic: fromPromise(({ input }) => pending(`join:${input.topic}`)),
      leaveTopic: fromPromise(({ input }) => pending(`leave:${input.topic}`)),
      sendMessage: fromPromise(({ input }) => pending(`send:${input.messageId}`)),
      disconnect: fromPromise(() => {
        log.push("disconnect");
        return Promise.resolve();
      }),
    },
    actions: {
      peerReady: () => log.push("ready"),
      peerFailed: (_, { error }) => log.push(`failed ${error}`),
      peerStopped: () => log.push("stopped"),
      topicJoined: (_, { topic }) => log.push(`joined ${topic}`),
      topicJoinFailed: (_, { topic, error }) => log.push(`join failed ${topic}: ${error}`),
      topicLeft: (_, { topic }) => log.push(`left ${topic}`),
      messageSent: (_, { messageId }) => log.push(`sent ${messageId}`),
      messageFailed: (_, { messageId, error }) => log.push(`send failed ${messageId}: ${error}`),
    },
  });
  const actor = createActor(machine, { input: { peerId: "peer-1", num: 1 } }).start();
  return { actor, log, connect, work };
}

async function connected(peer: Harness): Promise<void> {
  peer.connect.resolve();
  await waitFor(peer.actor, (snapshot) => snapshot.hasTag("ready"));
}

/** Settles the pending effect `key` and waits until the machine reports `outcome`. */
async function settle(peer: Harness, key: string, outcome: string, error?: Error): Promise<void> {
  const entry = peer.work.get(key);
  if (entry === undefined) throw new Error(`${key} is not pending`);
  if (error) entry.reject(error);
  else entry.resolve();
  await waitFor(peer.actor, () => peer.log.includes(outcome));
}

Deno.test("simPeerMachine creates its identity, connects, and reports ready", async () => {
  const peer = startPeer();
  await waitFor(peer.actor, (snapshot) => snapshot.matches("connecting"));
  strictEqual(peer.actor.getSnapshot().context.keySeed?.length, 32);
  await connected(peer);
  assertEquals(peer.actor.getSnapshot().value, {
    connected: { topics: "idle", messages: "idle" },
  });
  assertEquals(peer.log, ["ready"]);
  peer.actor.stop();
});

Deno.test("simPeerMachine works through topic operations one at a time, in order", async () => {
  const peer = startPeer();
  await connected(peer);
  peer.actor.send({ type: "JOIN_TOPIC", topic: "a" });
  peer.actor.send({ type: "JOIN_TOPIC", topic: "b" });
  peer.actor.send({ type: "LEAVE_TOPIC", topic: "a" });
  assertEquals(peer.actor.getSnapshot().value, {
    connected: { topics: "joining", messages: "idle" },
  });
  await settle(peer, "join:a", "joined a");
  await settle(peer, "join:b", "join failed b: dial failed", new Error("dial failed"));
  await settle(peer, "leave:a", "left a");
  assertEquals(peer.log, [
    "ready",
    "start join:a",
    "joined a",
    "start join:b",
    "join failed b: dial failed",
    "start leave:a",
    "left a",
  ]);
  const { context } = peer.actor.getSnapshot();
  assertEquals([context.joins, context.joinFailures, context.leaves, context.topicOps], [
    1,
    1,
    1,
    [],
  ]);
  assertEquals(peer.actor.getSnapshot().value, { connected: { topics: "left", messages: "idle" } });
  peer.actor.stop();
});

Deno.test("simPeerMachine publishes queued messages one at a time, reporting each outcome", async () => {
  const peer = startPeer();
  await connected(peer);
  peer.actor.send({ type: "SEND_MESSAGE", topic: "a", messageId: "m-0" });
  peer.actor.send({ type: "SEND_MESSAGE", topic: "a", messageId: "m-1" });
  strictEqual(peer.actor.getSnapshot().context.outbox.length, 2);
  await settle(peer, "send:m-0", "send failed m-0: no topic peers", new Error("no topic peers"));
  await settle(peer, "send:m-1", "sent m-1");
  assertEquals(peer.log.slice(1), [
    "start send:m-0",
    "send failed m-0: no topic peers",
    "start send:m-1",
    "sent m-1",
  ]);
  const { context } = peer.actor.getSnapshot();
  assertEquals([context.sent, context.sendFailures, context.outbox], [1, 1, []]);
  peer.actor.stop();
});

Deno.test("simPeerMachine stopped while connecting stops the host once it is up", async () => {
  const peer = startPeer();
  await waitFor(peer.actor, (snapshot) => snapshot.matches("connecting"));
  peer.actor.send({ type: "STOP" });
  strictEqual(peer.actor.getSnapshot().context.stopRequested, true);
  peer.connect.resolve();
  await waitFor(peer.actor, (snapshot) => snapshot.status === "done");
  assertEquals(peer.actor.getSnapshot().value, "stopped");
  // It never reported ready: the world never counted it as up.
  assertEquals(peer.log, ["disconnect", "stopped"]);
});

Deno.test("simPeerMachine whose host fails to start ends failed and reports why", async () => {
  const peer = startPeer();
  await waitFor(peer.actor, (snapshot) => snapshot.matches("connecting"));
  peer.connect.reject(new Error("port in use"));
  await waitFor(peer.actor, (snapshot) => snapshot.status === "done");
  assertEquals(peer.actor.getSnapshot().value, "failed");
  assertEquals(peer.log, ["failed port in use"]);
  strictEqual(peer.actor.getSnapshot().context.error, "port in use");
});

Deno.test("simPeerMachine STOP while connected drops queued work and disconnects", async () => {
  const peer = startPeer();
  await connected(peer);
  peer.actor.send({ type: "JOIN_TOPIC", topic: "a" });
  peer.actor.send({ type: "STOP" });
  await waitFor(peer.actor, (snapshot) => snapshot.status === "done");
  assertEquals(peer.log, ["ready", "start join:a", "disconnect", "stopped"]);
});
