// Fixture for the exit-after-stop test: starts hosts, connects them, stops them, and then does
// NOT call Deno.exit. The process must end by itself.
import { closeTrackedBroadcastChannels, createBenchHost } from "../mod.ts";
import type { VariantSpec } from "../../config/types.ts";

const variant = JSON.parse(Deno.args[0]) as VariantSpec;
const hosts = await Promise.all(
  [0, 1, 2].map((index) =>
    createBenchHost({ index, keySeed: new Uint8Array(32).fill(index + 1), runTag: "exit", variant })
  ),
);
for (const host of hosts) host.subscribe("t");
await hosts[1].dial(hosts[0].addrs[0]);
await hosts[2].dial(hosts[0].addrs[0]);
await Promise.all(hosts.map((host) => host.stop()));
if (Deno.args[1] !== "keep-channels") closeTrackedBroadcastChannels();
console.log("stopped");
