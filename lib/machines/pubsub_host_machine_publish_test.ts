// The pub/sub host machine's publishing region: PUBLISH, its effect and how it ends.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import { waitFor } from "xstate";
import { pubsubHostMachine } from "./pubsub_host_machine.ts";
import type {
  PublishFailedParams,
  PublishMessageInput,
  PublishMessageOutput,
} from "./pubsub_host_types.ts";
import {
  assertNotAccepted,
  DATA,
  type HostActor,
  joinTopic,
  startHost,
} from "./testdata/pubsub_host_fixtures.ts";

Deno.test("pubsubHostMachine PUBLISH on a topic not joined is not accepted", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "PUBLISH", requestId: 1, topic: "t1", data: DATA });
  actor.stop();
});

/** A host whose publishMessage records the request and waits for `gate` before it ends. */
function startPublishingHost(
  options: {
    inputs?: PublishMessageInput[];
    gate?: Promise<void>;
    outcome?: () => Promise<void>;
    done?: PublishMessageOutput[];
    failed?: PublishFailedParams[];
  },
): HostActor {
  return startHost(pubsubHostMachine.provide({
    actions: {
      publishMessage: ({ self }, input) => {
        options.inputs?.push(input);
        (async () => {
          await options.gate;
          await options.outcome?.();
        })().then(
          () => self.send({ type: "PUBLISH_DONE", requestId: input.requestId }),
          (error) => self.send({ type: "PUBLISH_FAILED", requestId: input.requestId, error }),
        );
      },
      publishDone: (_, output) => options.done?.push(output),
      publishFailed: (_, params) => options.failed?.push(params),
    },
  }));
}

Deno.test("pubsubHostMachine publish round trip calls publishDone with the request id", async () => {
  const inputs: PublishMessageInput[] = [];
  const done: PublishMessageOutput[] = [];
  const gate = Promise.withResolvers<void>();
  const actor = startPublishingHost({ inputs, done, gate: gate.promise });
  joinTopic(actor, "t1");
  actor.send({ type: "PUBLISH", requestId: 7, topic: "t1", data: DATA });
  assert(actor.getSnapshot().matches({ publishing: "publishing" }));
  strictEqual(actor.getSnapshot().context.publishRequestId, 7);
  assertEquals(inputs.map(({ requestId, topic, data }) => ({ requestId, topic, data })), [
    { requestId: 7, topic: "t1", data: DATA },
  ]);
  gate.resolve();
  const snapshot = await waitFor(actor, (s) => s.matches({ publishing: "idle" }));
  assertEquals(done, [{ requestId: 7 }]);
  strictEqual(snapshot.context.messagesPublished, 1);
  strictEqual(snapshot.context.publishRequestId, null);
  actor.stop();
});

Deno.test("pubsubHostMachine PUBLISH while publishing is not accepted", async () => {
  const gate = Promise.withResolvers<void>();
  const inputs: PublishMessageInput[] = [];
  const actor = startPublishingHost({ inputs, gate: gate.promise });
  joinTopic(actor, "t1");
  actor.send({ type: "PUBLISH", requestId: 1, topic: "t1", data: DATA });
  assertNotAccepted(actor, { type: "PUBLISH", requestId: 2, topic: "t1", data: DATA });
  strictEqual(actor.getSnapshot().context.publishRequestId, 1);
  gate.resolve();
  await waitFor(actor, (s) => s.matches({ publishing: "idle" }));
  strictEqual(inputs.length, 1);
  actor.stop();
});

Deno.test("pubsubHostMachine the end of another request or of no publish is not accepted", () => {
  const actor = startPublishingHost({ gate: new Promise(() => {}) });
  joinTopic(actor, "t1");
  assertNotAccepted(actor, { type: "PUBLISH_DONE", requestId: 1 });
  actor.send({ type: "PUBLISH", requestId: 1, topic: "t1", data: DATA });
  assertNotAccepted(actor, { type: "PUBLISH_DONE", requestId: 2 });
  assertNotAccepted(actor, { type: "PUBLISH_FAILED", requestId: 2, error: new Error("x") });
  assert(actor.getSnapshot().matches({ publishing: "publishing" }));
  actor.stop();
});

Deno.test("pubsubHostMachine publish failure calls publishFailed with the request id and error", async () => {
  const failed: PublishFailedParams[] = [];
  const done: PublishMessageOutput[] = [];
  const error = new Error("no peers");
  const actor = startPublishingHost({ failed, done, outcome: () => Promise.reject(error) });
  joinTopic(actor, "t1");
  actor.send({ type: "PUBLISH", requestId: 9, topic: "t1", data: DATA });
  const snapshot = await waitFor(actor, (s) => s.matches({ publishing: "idle" }));
  assertEquals(failed.map(({ requestId, error }) => ({ requestId, error })), [{
    requestId: 9,
    error,
  }]);
  assertEquals(done, []);
  strictEqual(snapshot.context.messagesPublished, 0);
  strictEqual(snapshot.context.publishRequestId, null);
  actor.stop();
});

Deno.test("pubsubHostMachine default publishMessage fails the publish asking to provide it", async () => {
  const failed: PublishFailedParams[] = [];
  const actor = startHost(pubsubHostMachine.provide({
    actions: { publishFailed: (_, params) => failed.push(params) },
  }));
  joinTopic(actor, "t1");
  actor.send({ type: "PUBLISH", requestId: 4, topic: "t1", data: DATA });
  await waitFor(actor, (s) => s.matches({ publishing: "idle" }));
  strictEqual(failed.length, 1);
  strictEqual(failed[0].requestId, 4);
  assert(failed[0].error instanceof Error);
  strictEqual(
    failed[0].error.message,
    "pubsubHostMachine: the publishMessage action must be provided with " +
      "pubsubHostMachine.provide({ actions: { publishMessage } })",
  );
  actor.stop();
});
