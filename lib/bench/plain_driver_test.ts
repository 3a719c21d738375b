// The plain driver keeps its discovery record alive as go-libp2p-pubsub's discovery does, and
// stops when it leaves or stops. The host is a stand-in: only subscribe, unsubscribe and stop are
// called here.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type BenchHost, createMockDiscovery, type DiscoveryClient } from "../net/mod.ts";
import { READVERTISE_SHARE } from "./host_driver.ts";
import { createPlainDriver } from "./plain_driver.ts";
import { recordAdvertisements } from "./testdata/advertisement_recorder.ts";

function standInHost(): BenchHost {
  return {
    index: 1,
    peerId: "peer-1",
    addrs: [],
    subscribe: () => {},
    unsubscribe: () => {},
    stop: () => Promise.resolve(),
  } as unknown as BenchHost;
}

function driverWith(client: DiscoveryClient) {
  return createPlainDriver({
    host: standInHost(),
    discovery: client,
    limitDial: (dial) => dial(),
    bootstrap: { backoffMs: 10, maxBackoffMs: 20, maxAttempts: 3 },
    discoveryTtlMs: 60_000,
  });
}

Deno.test("plain driver re-advertises a joined topic before its record expires", async () => {
  const discovery = createMockDiscovery();
  const counting = recordAdvertisements();
  const driver = driverWith(counting.wrap(discovery.createClient({ peerId: "peer-1", addrs: [] })));
  const ttlMs = 120;
  await driver.join("t", ttlMs);
  await counting.reached(3);
  // Each renewal comes at 7/8 of the TTL after the one before, so the record never lapses.
  assertEquals(discovery.has("t", "peer-1"), true);
  const gaps = counting.times.slice(1).map((time, i) => time - counting.times[i]);
  for (const gap of gaps) {
    assert(gap >= ttlMs * READVERTISE_SHARE - 5, `renewed after ${gap} ms, before 7/8 of the TTL`);
  }
  await driver.stop();
});

for (const end of ["leave", "stop"] as const) {
  Deno.test(`plain driver stops renewing on ${end}`, async () => {
    const discovery = createMockDiscovery();
    const counting = recordAdvertisements();
    const driver = driverWith(
      counting.wrap(discovery.createClient({ peerId: "peer-1", addrs: [] })),
    );
    const ttlMs = 40;
    await driver.join("t", ttlMs);
    await counting.reached(2);
    if (end === "leave") await driver.leave("t");
    else await driver.stop();
    // An absence can only be seen by waiting: three renewal periods without a renewal.
    await new Promise((resolve) => setTimeout(resolve, 3 * ttlMs));
    assertEquals(counting.times.length, 2);
    if (end === "leave") await driver.stop();
  });
}
