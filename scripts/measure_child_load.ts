// How long a run's child process takes to load, from its spawn to its `ready` line, and the CPU
// time it used by then (user + system, all threads, from /proc), for the sources and the bundle
// (lib/bench/child_bundle.ts). Children are spawned one at a time, nothing else of ours running,
// alternating the two ways (source, bundle, bundle, source, ...) so both meet the same machine;
// each is killed once ready. Prints every sample, and the median and IQR of each way.
//   deno run -A scripts/measure_child_load.ts [children per way, default 20] [variant, default default]
// (-A: reading another process's /proc/PID/stat needs it.) Run it under the shared lock:
//   flock /work/measure/bench.lock deno run -A scripts/measure_child_load.ts
import { loadBenchConfig } from "../lib/config/mod.ts";
import type { ChildModules } from "../lib/config/types.ts";
import { prepareChildEntry } from "../lib/bench/child_bundle.ts";
import { spawnRunChild } from "../lib/bench/run_in_child.ts";
import type { ChildParams } from "../lib/bench/run_child.ts";

const count = Number(Deno.args[0] ?? 20);
const variantName = Deno.args[1] ?? "default";
if (!Number.isInteger(count) || count < 1) {
  console.error(
    `measure_child_load: children per way must be a positive integer, got "${Deno.args[0]}"`,
  );
  Deno.exit(2);
}
const config = await loadBenchConfig({ flags: { variants: variantName } });
const params: ChildParams = {
  hosts: 3,
  msgs: 5,
  seed: 1,
  variant: config.variants[variantName],
  scenario: config.scenario,
};
const bundle = await prepareChildEntry({ modules: "bundle" });
if (bundle.buildMs !== undefined) {
  console.log(`built the bundle ${bundle.bundleId} in ${(bundle.buildMs / 1000).toFixed(1)} s`);
}
const entries = { source: await prepareChildEntry({ modules: "source" }), bundle };
const ticksPerSecond = 100; // USER_HZ on Linux

async function cpuMsOf(pid: number): Promise<number> {
  const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond;
}

async function loadOnce(modules: ChildModules): Promise<{ loadMs: number; cpuMs: number }> {
  const child = spawnRunChild(params, {
    timeoutMs: 60_000,
    entry: entries[modules].path,
    entryFlags: entries[modules].flags,
  });
  if (!(await child.ready)) throw new Error(`a ${modules} child ended before it was ready`);
  const cpuMs = await cpuMsOf(child.pid);
  child.kill("measured: not run");
  const outcome = await child.outcome;
  return { loadMs: outcome.loadMs ?? NaN, cpuMs };
}

// One unmeasured child each first: the first load after a build fills V8's code cache.
await loadOnce("source");
await loadOnce("bundle");
const samples: Record<ChildModules, { loadMs: number[]; cpuMs: number[] }> = {
  source: { loadMs: [], cpuMs: [] },
  bundle: { loadMs: [], cpuMs: [] },
};
for (let i = 0; i < count; i++) {
  const order: ChildModules[] = i % 2 === 0 ? ["source", "bundle"] : ["bundle", "source"];
  for (const modules of order) {
    const { loadMs, cpuMs } = await loadOnce(modules);
    samples[modules].loadMs.push(loadMs);
    samples[modules].cpuMs.push(cpuMs);
  }
}

function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}
const load = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
console.log(`child load, variant ${variantName}, ${count} children per way (load average ${load})`);
for (const modules of ["source", "bundle"] as const) {
  const { loadMs, cpuMs } = samples[modules];
  const describe = (values: number[]) =>
    `median ${quantile(values, 0.5).toFixed(0)} ms (IQR ${
      (quantile(values, 0.75) - quantile(values, 0.25)).toFixed(0)
    })`;
  console.log(
    `  ${modules}: spawn to ready ${describe(loadMs)}, CPU ${describe(cpuMs)}\n` +
      `    spawn to ready ms: ${loadMs.map((value) => value.toFixed(0)).join(" ")}\n` +
      `    CPU ms: ${cpuMs.join(" ")}`,
  );
}
