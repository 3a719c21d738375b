// The drivers' join, leave and discovery renewals with a real host on the memory transport and
// the mock discovery: both orchestrations must do the same discovery work.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { AnyActorRef, InspectionEvent } from "xstate";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  createBenchHost,
  createMockDiscovery,
  type DiscoveryClient,
  type MockDiscovery,
} from "../net/mod.ts";
import { createHostDriver } from "./create_host_driver.ts";
import { type HostDriver, READVERTISE_SHARE } from "./host_driver.ts";
import { recordAdvertisements } from "./testdata/advertisement_recorder.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const ORCHESTRATIONS = ["plain", "states"] as const;
type Orchestration = typeof ORCHESTRATIONS[number];

interface DriverSetup {
  host: BenchHost;
  discovery: MockDiscovery;
  driver: HostDriver;
}

/** A memory-transport host 0 with `orchestration`'s driver; `wrap` may wrap its client. */
async function withDriver(
  orchestration: Orchestration,
  options: {
    discoveryTtlMs: number;
    wrap?: (client: DiscoveryClient, discovery: MockDiscovery, host: BenchHost) => DiscoveryClient;
    inspect?: (event: InspectionEvent) => void;
  },
  use: (setup: DriverSetup) => Promise<void>,
): Promise<void> {
  const host = await createBenchHost({
    index: 0,
    keySeed: new Uint8Array(32).fill(7),
    runTag: `driver-${orchestration}`,
    variant: { ...BUILTIN_VARIANTS.memory, orchestration },
  });
  const discovery = createMockDiscovery();
  const client = discovery.createClient({ peerId: host.peerId, addrs: host.addrs });
  const driver = createHostDriver(orchestration, {
    host,
    discovery: options.wrap?.(client, discovery, host) ?? client,
    limitDial: (dial) => dial(),
    bootstrap: { backoffMs: 10, maxBackoffMs: 20, maxAttempts: 3 },
    discoveryTtlMs: options.discoveryTtlMs,
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  try {
    await use({ host, discovery, driver });
  } finally {
    await driver.stop();
    closeTrackedBroadcastChannels();
  }
}

/** Wraps the host's client in `recorder`, which also notes whether the host's record was live. */
function liveRecorded(recorder: ReturnType<typeof recordAdvertisements>) {
  return (client: DiscoveryClient, discovery: MockDiscovery, host: BenchHost): DiscoveryClient =>
    recorder.wrap(client, (namespace) => discovery.has(namespace, host.peerId));
}

for (const orchestration of ORCHESTRATIONS) {
  Deno.test(
    `${orchestration} driver leave unsubscribes and stops advertising`,
    libp2pTest,
    async () => {
      // The host machine's last snapshot, to see the machine, not just the host, leave the topic.
      let hostMachineTopics: unknown;
      const inspect = (event: InspectionEvent): void => {
        const actor = event.actorRef as AnyActorRef;
        if (event.type === "@xstate.snapshot" && actor.id === "host0/pubsubHost") {
          hostMachineTopics = (event.snapshot as unknown as { value: { topics: unknown } }).value
            .topics;
        }
      };
      await withDriver(orchestration, { discoveryTtlMs: 60_000, inspect }, async (setup) => {
        const { host, discovery, driver } = setup;
        await driver.join("t", 60_000);
        assertEquals(discovery.has("t", host.peerId), true);
        if (orchestration === "states") assertEquals(hostMachineTopics, "joined");
        await driver.leave("t");
        assertEquals(discovery.has("t", host.peerId), false);
        if (orchestration === "states") assertEquals(hostMachineTopics, "none");
      });
    },
  );

  Deno.test(
    `${orchestration} driver renews its discovery record at 7/8 of the TTL, before it lapses`,
    libp2pTest,
    async () => {
      // Under the 1 s a refresh once took, so a slower refresh lets the record lapse.
      const ttlMs = 800;
      const advertisements = recordAdvertisements();
      await withDriver(
        orchestration,
        { discoveryTtlMs: ttlMs, wrap: liveRecorded(advertisements) },
        async ({ driver }) => {
          await driver.join("t", ttlMs);
          await advertisements.reached(3);
          // The join's advertisement found no record; each renewal found the last one still live.
          assertEquals(advertisements.liveBefore, [false, true, true]);
          const [joined, , second] = advertisements.times;
          assert(
            second - joined >= 2 * ttlMs * READVERTISE_SHARE - 50,
            `two renewals ${second - joined} ms after the join: sooner than 7/8 of the TTL each`,
          );
        },
      );
    },
  );

  Deno.test(
    `${orchestration} driver does not re-advertise before 7/8 of the TTL`,
    libp2pTest,
    async () => {
      const advertisements = recordAdvertisements();
      await withDriver(
        orchestration,
        { discoveryTtlMs: 60_000, wrap: liveRecorded(advertisements) },
        async ({ driver }) => {
          await driver.join("t", 60_000);
          // An absence can only be seen by waiting: longer than a 1 s refresh would take.
          await new Promise((resolve) => setTimeout(resolve, 1_300));
          assertEquals(advertisements.times.length, 1);
        },
      );
    },
  );
}
