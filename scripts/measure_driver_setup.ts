/**
 * What it costs to put hosts under a driver, outside any run: creates N memory-transport hosts
 * (untimed), then times creating one driver per host and joining each to a topic, in CPU and
 * wall time, with the plain or the states orchestration. Run each in a fresh process, as a run's
 * child is:
 *
 *     deno run -A scripts/measure_driver_setup.ts states 20
 *     deno run -A scripts/measure_driver_setup.ts plain 20
 *
 * @module
 */
import process from "node:process";
import { BUILTIN_VARIANTS } from "../lib/config/mod.ts";
import { createBenchHost, createMockDiscovery } from "../lib/net/mod.ts";
import { createPlainDriver } from "../lib/bench/plain_driver.ts";
import { createStatesDriver } from "../lib/bench/states_driver.ts";

const orchestration = Deno.args[0] === "states" ? "states" : "plain";
const count = Number(Deno.args[1] ?? 20);
const discovery = createMockDiscovery();
const hosts = [];
for (let index = 0; index < count; index++) {
  hosts.push(
    await createBenchHost({
      index,
      keySeed: new Uint8Array(32).fill(index + 1),
      runTag: "driver-setup",
      variant: { ...BUILTIN_VARIANTS.memory, orchestration },
    }),
  );
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const create = orchestration === "states" ? createStatesDriver : createPlainDriver;
let wall = performance.now();
let cpu = process.cpuUsage();
const drivers = hosts.map((host) =>
  create({
    host,
    discovery: discovery.createClient({ peerId: host.peerId, addrs: host.addrs }),
    limitDial: (dial) => dial(),
    bootstrap: { backoffMs: 10, maxBackoffMs: 50, maxAttempts: 100 },
  })
);
const created = { wall: performance.now() - wall, cpu: cpuMsSince(cpu) };
wall = performance.now();
cpu = process.cpuUsage();
for (const driver of drivers) await driver.join("t", 60_000);
const joined = { wall: performance.now() - wall, cpu: cpuMsSince(cpu) };
console.log(
  `${orchestration}, ${count} hosts: create ${created.cpu.toFixed(1)} ms CPU ` +
    `(${created.wall.toFixed(1)} ms wall), join ${joined.cpu.toFixed(1)} ms CPU ` +
    `(${joined.wall.toFixed(1)} ms wall)`,
);
for (const driver of drivers) await driver.stop();
Deno.exit(0);
