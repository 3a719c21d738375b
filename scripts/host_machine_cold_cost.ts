/**
 * What the pub/sub host machine's events cost in a fresh process, as each bench run is one: 20
 * hosts' actors take the events of a 20 x 100 run in its proportions (join, 10 peers each with a
 * stream, a subscription and a graft, then 100 messages each), and the process's CPU and wall
 * time for them are printed, with the wall time at each quarter of the messages. `--shape flat`
 * sends the same events to a machine with the same handlers on a single state node, to show what
 * the host machine's regions cost. Run it a few times: each run is one fresh process.
 *
 *     deno run --allow-env scripts/host_machine_cold_cost.ts [--shape host|flat]
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { type AnyStateMachine, createActor, setup } from "xstate";
import { pubsubHostMachine } from "../lib/machines/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { shape: { type: "string", default: "host" } },
});
if (values.shape !== "host" && values.shape !== "flat") {
  console.error(`host_machine_cold_cost.ts: --shape must be host or flat, got "${values.shape}"`);
  Deno.exit(2);
}

const HOSTS = 20;
let delivered = 0;
const deliver = (): void => {
  delivered++;
};
const machine: AnyStateMachine = values.shape === "host"
  ? pubsubHostMachine.provide({ actions: { deliverMessage: deliver } })
  : setup({
    types: { context: {} as { topics: string[] } },
  }).createMachine({
    context: { topics: ["t"] },
    on: {
      INCOMING_RPC: {
        guard: ({ context, event }) => context.topics.includes(event.topic),
        actions: deliver,
      },
      ADD_TOPIC: {},
      TOPIC_ANNOUNCED: {},
      PEER_CONNECTED: {},
      PEER_NEW_STREAM: {},
      ADD_SUBSCRIPTION: {},
      GRAFT: {},
    },
  });
const actors = Array.from(
  { length: HOSTS },
  (_, index) => createActor(machine, { input: { hostIndex: index, peerId: `p${index}` } }).start(),
);

const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
let events = 0;
const send = (event: { type: string } & Record<string, unknown>): void => {
  for (const actor of actors) actor.send(event);
  events += actors.length;
};
send({ type: "ADD_TOPIC", topic: "t" });
send({ type: "TOPIC_ANNOUNCED", topic: "t" });
for (let peer = 0; peer < 10; peer++) {
  send({ type: "PEER_CONNECTED", peerId: `q${peer}` });
  send({ type: "PEER_NEW_STREAM", peerId: `q${peer}` });
  send({ type: "ADD_SUBSCRIPTION", peerId: `q${peer}`, topic: "t" });
  send({ type: "GRAFT", peerId: `q${peer}`, topic: "t" });
}
const data = new Uint8Array(128);
const quarters: string[] = [];
for (let message = 0; message < 100; message++) {
  send({ type: "INCOMING_RPC", topic: "t", data });
  if (message % 25 === 24) quarters.push((performance.now() - startedAt).toFixed(1));
}
const cpu = process.cpuUsage(cpuBefore);
if (delivered !== HOSTS * 100) throw new Error(`delivered ${delivered}, expected ${HOSTS * 100}`);
console.log(
  `${values.shape}: ${events} events, CPU ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms, ` +
    `wall ${(performance.now() - startedAt).toFixed(1)} ms (at each quarter of the messages: ` +
    `${quarters.join(", ")} ms)`,
);
