// Test fixtures: a started pub/sub host actor and the checks the host machine's tests share.
import { deepStrictEqual as assertEquals, strictEqual } from "node:assert/strict";
import { type Actor, createActor } from "xstate";
import { pubsubHostMachine } from "../pubsub_host_machine.ts";
import type { PubsubHostEvent } from "../pubsub_host_types.ts";

/** The host's own peer id. */
export const SELF = "self-peer";
/** A message payload. */
export const DATA = new Uint8Array([1, 2, 3]);

/** A running pub/sub host actor. */
export type HostActor = Actor<typeof pubsubHostMachine>;

/** Starts a host actor; `machine` is the host machine, possibly with provided effects. */
export function startHost(machine: typeof pubsubHostMachine = pubsubHostMachine): HostActor {
  return createActor(machine, { input: { hostIndex: 3, peerId: SELF } }).start();
}

/** Joins `topic`: ADD_TOPIC, then TOPIC_ANNOUNCED. */
export function joinTopic(actor: HostActor, topic: string): void {
  actor.send({ type: "ADD_TOPIC", topic });
  actor.send({ type: "TOPIC_ANNOUNCED", topic });
}

/** Sends `event` and checks it was not accepted: no transition, the very same context. */
export function assertNotAccepted(actor: HostActor, event: PubsubHostEvent): void {
  const before = actor.getSnapshot();
  strictEqual(before.can(event), false, `${event.type} should not be accepted`);
  actor.send(event);
  const after = actor.getSnapshot();
  assertEquals(after.value, before.value);
  strictEqual(after.context, before.context);
}
