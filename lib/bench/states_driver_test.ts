// The states driver with real hosts on the memory transport: what it counts and what it delivers.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { AnyActorRef, InspectionEvent } from "xstate";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  createBenchHost,
  createMockDiscovery,
} from "../net/mod.ts";
import type { HostDriver } from "./host_driver.ts";
import { createStatesDriver } from "./states_driver.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const TOPIC = "t";

Deno.test(
  "states driver counts exactly the pubsubHost transitions xstate reports, and delivers every message",
  libp2pTest,
  async () => {
    const discovery = createMockDiscovery();
    const hosts: BenchHost[] = [];
    const drivers: HostDriver[] = [];
    // Transitions per host machine as xstate's inspection reports them (its microsteps).
    const inspected = new Map<string, number>();
    const received: Array<[number, Uint8Array]> = [];
    try {
      for (let index = 0; index < 3; index++) {
        const host = await createBenchHost({
          index,
          keySeed: new Uint8Array(32).fill(index + 1),
          runTag: "states-driver-count",
          variant: { ...BUILTIN_VARIANTS.memory, orchestration: "states" },
        });
        hosts.push(host);
        const driver = createStatesDriver({
          host,
          discovery: discovery.createClient({ peerId: host.peerId, addrs: host.addrs }),
          limitDial: (dial) => dial(),
          bootstrap: { backoffMs: 10, maxBackoffMs: 50, maxAttempts: 100 },
          discoveryTtlMs: 60_000,
          inspect: (event: InspectionEvent) => {
            if (event.type !== "@xstate.microstep") return;
            const id = (event.actorRef as AnyActorRef).id;
            if (!id.endsWith("/pubsubHost")) return;
            inspected.set(id, (inspected.get(id) ?? 0) + event._transitions.length);
          },
        });
        driver.onMessage((message) => received.push([index, message.data]));
        drivers.push(driver);
      }
      for (const driver of drivers) await driver.join(TOPIC, 60_000);
      for (const driver of drivers.slice(1)) await driver.dialDiscovered(TOPIC, 2);
      const outcome = await drivers[0].bootstrap(TOPIC, 2, 3);
      assert(outcome.ready, `not ready: ${JSON.stringify(outcome)}`);
      const messages = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
      for (const data of messages) {
        await drivers[0].bootstrap(TOPIC, 1, 3);
        await drivers[0].publish(TOPIC, data);
      }
      const deadline = Date.now() + 20_000;
      const remote = () => received.filter(([index]) => index !== 0);
      while (remote().length < 4 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Every message reaches both other hosts, byte for byte, through their machines.
      assertEquals(
        remote().map(([index, data]) => [index, [...data]]).sort(),
        [[1, [1, 2, 3]], [1, [4, 5]], [2, [1, 2, 3]], [2, [4, 5]]].sort(),
      );
      drivers[0].meshDegree(TOPIC);
      for (const [index, driver] of drivers.entries()) {
        const counted = driver.transitions()!.pubsubHost;
        const reported = inspected.get(`host${index}/pubsubHost`) ?? 0;
        // Router events, joins, queries, publishes and deliveries: far more than a handful.
        assert(counted > 5, `host ${index}: only ${counted} transitions`);
        assertEquals(counted, reported, `host ${index}: counted ${counted}, xstate ${reported}`);
      }
    } finally {
      await Promise.allSettled(drivers.map((driver) => driver.stop()));
      closeTrackedBroadcastChannels();
    }
  },
);
