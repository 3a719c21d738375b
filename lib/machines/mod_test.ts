// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { bootstrapFlowMachine, discoveryMachine, MACHINE_KINDS, pubsubHostMachine } from "./mod.ts";

Deno.test("MACHINE_KINDS names the id of each exported machine", () => {
  assertEquals(MACHINE_KINDS, [pubsubHostMachine.id, discoveryMachine.id, bootstrapFlowMachine.id]);
});
