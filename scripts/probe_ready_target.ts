/**
 * Why host 0 stops short of n-1 topic peers in a big one-process run (docs/scaling.md, "one big
 * run"). Plays the scenario's init and subscribe phases as `runDiscoveryScenario` does (one
 * process, default variant), then host 0's bootstrap; when host 0 is not ready it keeps watching
 * for `--watch-s` seconds (does the count still grow?) and then tells, for every peer host 0
 * cannot send to, what is missing: the connection, identify's protocol list, gossipsub's peer
 * entry, the remote's subscription, the outbound stream.
 *
 *   DEBUG=libp2p:identify*:error,libp2p:gossipsub*:error \
 *     deno run -A scripts/probe_ready_target.ts [hosts=1000] [--attempts 200] [--watch-s 60] \
 *     [--ttl-ms 120000]
 *
 * @module
 */
import pLimit from "p-limit";
import process from "node:process";
import { parseArgs } from "node:util";
import { createLibp2p3HostWithRouter } from "../lib/net/create_libp2p3_host.ts";
import { createMockDiscovery } from "../lib/net/mock_discovery.ts";
import { closeTrackedBroadcastChannels } from "../lib/net/mod.ts";
import { trackBroadcastChannels } from "../lib/net/broadcast_channel_guard.ts";
import { createPlainDriver } from "../lib/bench/plain_driver.ts";
import { createSeededRandom } from "../lib/bench/seeded_random.ts";
import { BUILTIN_VARIANTS } from "../lib/config/builtin_variants.ts";
import { DEFAULT_SCENARIO } from "../lib/config/_defaults.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    attempts: { type: "string", default: String(DEFAULT_SCENARIO.bootstrapMaxAttempts) },
    "watch-s": { type: "string", default: "60" },
    "ttl-ms": { type: "string", default: String(DEFAULT_SCENARIO.discoveryTtlMs) },
  },
});
const n = Number(positionals[0] ?? 1000);
const attempts = Number(values.attempts);
const watchMs = Number(values["watch-s"]) * 1000;
const scenario = {
  ...DEFAULT_SCENARIO,
  bootstrapMaxAttempts: attempts,
  discoveryTtlMs: Number(values["ttl-ms"]),
};
const variant = BUILTIN_VARIANTS.default;
const topic = scenario.topic;
const t0 = performance.now();
const stamp = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const cpu0 = process.cpuUsage();
const cpuS = (): string => {
  const c = process.cpuUsage(cpu0);
  return `${((c.user + c.system) / 1e6).toFixed(1)} s CPU`;
};

trackBroadcastChannels();
const random = createSeededRandom(1);
const keys = random.fork("keys");
const discoveryRandom = random.fork("discovery");
const discovery = createMockDiscovery({ random: () => discoveryRandom.next() });
const limitDial = pLimit(scenario.dialConcurrency);
const created = await Promise.all(
  Array.from({ length: n }, (_, index) =>
    createLibp2p3HostWithRouter({
      index,
      keySeed: keys.bytes(32),
      runTag: "probe",
      variant,
    })),
);
const hosts = created.map((c) => c.host);
const routers = created.map((c) => c.pubsub as Any);
const drivers = hosts.map((host) =>
  createPlainDriver({
    host,
    discovery: discovery.createClient({ peerId: host.peerId, addrs: host.addrs }),
    limitDial,
    bootstrap: {
      backoffMs: scenario.bootstrapBackoffMs,
      maxBackoffMs: scenario.bootstrapMaxBackoffMs,
      maxAttempts: scenario.bootstrapMaxAttempts,
    },
    discoveryTtlMs: scenario.discoveryTtlMs,
  })
);
console.log(`${stamp()} init: ${n} hosts (${cpuS()})`);

const subscribeStart = performance.now();
const dials: Promise<number>[] = [];
for (let i = 1; i < n; i++) {
  await drivers[i].join(topic, scenario.discoveryTtlMs);
  dials.push(drivers[i].dialDiscovered(topic, scenario.dialsPerHost));
}
await discovery.waitForCount(topic, n - 1);
const joinFailures = (await Promise.all(dials)).reduce((a, b) => a + b, 0);
console.log(`${stamp()} subscribe done: ${joinFailures} failed dials (${cpuS()})`);

console.log(
  `${stamp()} discovery holds ${discovery.count(topic)} live records of ${n - 1} ` +
    `(TTL ${scenario.discoveryTtlMs} ms; the joins were ` +
    `${((performance.now() - subscribeStart) / 1000).toFixed(1)} s ago and after)`,
);
await drivers[0].join(topic, scenario.discoveryTtlMs);
const bootstrapStart = performance.now();
const outcome = await drivers[0].bootstrap(topic, n - 1, n);
console.log(
  `${stamp()} bootstrap: ready ${outcome.ready}, ${outcome.topicPeers} of ${n - 1} topic peers, ` +
    `${outcome.attempts} attempts, ${outcome.dialFailures} failed dials, ` +
    `${(outcome.windowWaitMs / 1000).toFixed(1)} s in back-off windows, ` +
    `${((performance.now() - bootstrapStart) / 1000).toFixed(1)} s in all (${cpuS()})`,
);

if (!outcome.ready) {
  const watchEnd = performance.now() + watchMs;
  while (performance.now() < watchEnd) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(`${stamp()} watching: ${hosts[0].topicPeerCount(topic)} topic peers (${cpuS()})`);
  }
}

// Who is missing, and what is missing for each.
const self = routers[0];
const peerStore = self.components.peerStore;
const tally = new Map<string, number>();
const examples: string[] = [];
for (let i = 1; i < n; i++) {
  const id = hosts[i].peerId;
  const subscribed = self.topics.get(topic)?.has(id) ?? false;
  const outbound = self.streamsOutbound.has(id);
  if (subscribed && outbound) continue;
  const connections = self.components.connectionManager.getConnections()
    .filter((c: Any) => c.remotePeer.toString() === id);
  let protocols: string[] = [];
  try {
    protocols = (await peerStore.get(connections[0]?.remotePeer)).protocols;
  } catch { /* not in the peer store */ }
  const remote = routers[i];
  const facts = [
    connections.length > 0
      ? `connected(${connections.map((c: Any) => c.direction)})`
      : "NOT connected",
    protocols.some((p) => p.startsWith("/meshsub/")) ? "identify ok" : "no meshsub in identify",
    self.peers.has(id) ? "gossipsub peer" : "NOT a gossipsub peer",
    subscribed ? "subscribed" : "NOT subscribed",
    outbound ? "outbound stream" : "NO outbound stream",
    self.streamsInbound.has(id) ? "inbound stream" : "NO inbound stream",
    remote.streamsOutbound.has(hosts[0].peerId) ? "remote->0 stream" : "NO remote->0 stream",
  ];
  const key = facts.join(", ");
  tally.set(key, (tally.get(key) ?? 0) + 1);
  if (examples.length < 5) examples.push(`host ${i}: ${key}`);
}
console.log(`${stamp()} peers host 0 cannot send to, by what is missing:`);
for (const [key, count] of [...tally].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${count} x ${key}`);
}
for (const line of examples) console.log(`  e.g. ${line}`);
console.log(`host 0 connections: ${hosts[0].connectionCount()}`);

await Promise.allSettled(hosts.map((host) => host.stop()));
closeTrackedBroadcastChannels();
console.log(`${stamp()} stopped (${cpuS()})`);
Deno.exit(0);
