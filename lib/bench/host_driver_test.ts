// The drivers' join and leave with a real host on the memory transport and the mock discovery.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { AnyActorRef, InspectionEvent } from "xstate";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import { closeTrackedBroadcastChannels, createBenchHost, createMockDiscovery } from "../net/mod.ts";
import { createHostDriver } from "./create_host_driver.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };

for (const orchestration of ["plain", "states"] as const) {
  Deno.test(
    `${orchestration} driver leave unsubscribes and stops advertising`,
    libp2pTest,
    async () => {
      const host = await createBenchHost({
        index: 0,
        keySeed: new Uint8Array(32).fill(7),
        runTag: `leave-${orchestration}`,
        variant: { ...BUILTIN_VARIANTS.memory, orchestration },
      });
      const discovery = createMockDiscovery();
      // The host machine's last snapshot, to see the machine, not just the host, leave the topic.
      let hostMachineTopics: unknown;
      const driver = createHostDriver(orchestration, {
        host,
        discovery: discovery.createClient({ peerId: host.peerId, addrs: host.addrs }),
        limitDial: (dial) => dial(),
        bootstrap: { backoffMs: 10, maxBackoffMs: 20, maxAttempts: 3 },
        inspect: (event: InspectionEvent) => {
          const actor = event.actorRef as AnyActorRef;
          if (event.type === "@xstate.snapshot" && actor.id === "host0/pubsubHost") {
            hostMachineTopics = (event.snapshot as unknown as { value: { topics: unknown } }).value
              .topics;
          }
        },
      });
      try {
        await driver.join("t", 60_000);
        assertEquals(discovery.has("t", host.peerId), true);
        if (orchestration === "states") assertEquals(hostMachineTopics, "joined");
        await driver.leave("t");
        assertEquals(discovery.has("t", host.peerId), false);
        if (orchestration === "states") assertEquals(hostMachineTopics, "none");
      } finally {
        await driver.stop();
        closeTrackedBroadcastChannels();
      }
    },
  );
}
