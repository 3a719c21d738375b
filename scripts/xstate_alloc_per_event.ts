/**
 * Bytes of heap one xstate event allocates: the pub/sub host machine's `INCOMING_RPC` (the event
 * of every delivered message) and `GRAFT` (a counter, so an `assign`), against bare machines: one
 * state node with an inline action, the same with an event it does not handle, and five regions
 * with the action at the root (the host machine's shape). Each figure is the heap growth over
 * 2,000 events divided by 2,000, in the last of four rounds (the earlier ones warm the code up).
 * Run it with a young generation large enough that no garbage collection runs meanwhile, or
 * the growth is not the allocation:
 *
 *     deno run --allow-env --v8-flags=--min-semi-space-size=512,--max-semi-space-size=512 \
 *       scripts/xstate_alloc_per_event.ts
 *
 * @module
 */
import { type AnyActorRef, createActor, createMachine } from "xstate";
import { pubsubHostMachine } from "../lib/machines/mod.ts";

const EVENTS = 2_000;
const ROUNDS = 4;
let handled = 0;
const count = (): void => {
  handled++;
};

/** Heap bytes per event of `make()`'s events sent to `actor`, in the last round. */
function bytesPerEvent(actor: AnyActorRef, make: (index: number) => { type: string }): number {
  const events = Array.from({ length: EVENTS }, (_, index) => make(index));
  let perEvent = Number.NaN;
  for (let round = 0; round < ROUNDS; round++) {
    const before = Deno.memoryUsage().heapUsed;
    for (const event of events) actor.send(event);
    perEvent = (Deno.memoryUsage().heapUsed - before) / EVENTS;
  }
  return perEvent;
}

const host = createActor(
  pubsubHostMachine.provide({ actions: { deliverMessage: count } }),
  { input: { hostIndex: 0, peerId: "p0" } },
).start();
host.send({ type: "ADD_TOPIC", topic: "t" });
host.send({ type: "TOPIC_ANNOUNCED", topic: "t" });
const data = new Uint8Array(128);
const region = { initial: "x", states: { x: {} } };
const figures: Array<[string, number]> = [
  [
    "pubsubHost INCOMING_RPC (11 active state nodes, no assign)",
    bytesPerEvent(host, () => ({ type: "INCOMING_RPC", topic: "t", data })),
  ],
  [
    "pubsubHost GRAFT (a counter: assign, new snapshot)",
    bytesPerEvent(host, (index) => ({ type: "GRAFT", peerId: `q${index % 10}`, topic: "t" })),
  ],
  [
    "bare machine, one state node, inline action",
    bytesPerEvent(createActor(createMachine({ on: { E: { actions: count } } })).start(), () => ({
      type: "E",
    })),
  ],
  [
    "bare machine, one state node, an event it does not handle",
    bytesPerEvent(createActor(createMachine({ on: { E: {} } })).start(), () => ({ type: "X" })),
  ],
  [
    "bare machine, five regions, inline action at the root",
    bytesPerEvent(
      createActor(createMachine({
        type: "parallel",
        on: { E: { actions: count } },
        states: { a: region, b: region, c: region, d: region, e: region },
      })).start(),
      () => ({ type: "E" }),
    ),
  ],
];
if (handled === 0) throw new Error("no event reached an action: the measurement measured nothing");
for (const [name, bytes] of figures) console.log(`${bytes.toFixed(0).padStart(7)} B  ${name}`);
