/**
 * What keeps a run's process alive after its report, and what a run's processes cost while
 * another run is measured (docs/scaling.md):
 *
 *   deno run -A scripts/probe_run_exit.ts timers [hosts]   timers pending at the report, with stacks
 *   deno run -A scripts/probe_run_exit.ts linger [hosts]   CPU from the report to the exit
 *   deno run -A scripts/probe_run_exit.ts idle             CPU of a loaded child waiting for its go
 *
 * @module
 */
import process from "node:process";

type _Timer = { delay: number; stack: string; at: number; kind: string };
const pending = new Map<unknown, _Timer>();

/** Wraps the timer functions to remember each pending timer and the stack that created it. */
function trackTimers(): void {
  const [setT, clearT, setI, clearI] = [setTimeout, clearTimeout, setInterval, clearInterval];
  const record = (id: unknown, delay: number | undefined, kind: string): void => {
    pending.set(id, {
      delay: delay ?? 0,
      stack: new Error().stack ?? "",
      at: performance.now(),
      kind,
    });
  };
  // deno-lint-ignore no-explicit-any
  const global = globalThis as any;
  // deno-lint-ignore no-explicit-any
  global.setTimeout = (fn: any, delay?: number, ...args: unknown[]) => {
    const id = setT(
      (...a: unknown[]) => {
        pending.delete(id);
        fn(...a);
      },
      delay,
      ...args,
    );
    record(id, delay, "timeout");
    return id;
  };
  global.clearTimeout = (id: number) => {
    pending.delete(id);
    clearT(id);
  };
  // deno-lint-ignore no-explicit-any
  global.setInterval = (fn: any, delay?: number, ...args: unknown[]) => {
    const id = setI(fn, delay, ...args);
    record(id, delay, "interval");
    return id;
  };
  global.clearInterval = (id: number) => {
    pending.delete(id);
    clearI(id);
  };
}

async function runOne(hosts: number): Promise<number> {
  const { parseBenchConfig } = await import("../lib/config/mod.ts");
  const { preloadRunModules, runChild } = await import("../lib/bench/run_child.ts");
  const config = parseBenchConfig("", "bench.yml");
  const params = {
    hosts,
    msgs: 5,
    variant: config.variants.default,
    scenario: config.scenario,
    seed: 1,
  };
  await preloadRunModules(params);
  await runChild(params);
  return performance.now();
}

const [mode = "timers", hostsText = "3"] = Deno.args;
const hosts = Number(hostsText);
if (mode === "timers") {
  trackTimers();
  const reportedAt = await runOne(hosts);
  for (const timer of pending.values()) {
    const remaining = timer.at + timer.delay - reportedAt;
    if (timer.kind === "timeout" && remaining <= 5) continue;
    console.log(`pending ${timer.kind} delay ${timer.delay} remaining ${remaining.toFixed(0)} ms`);
    console.log(`  ${timer.stack.split("\n").slice(2, 5).join("\n  ")}`);
  }
  globalThis.addEventListener("unload", () => {
    console.log(`exit ${(performance.now() - reportedAt).toFixed(0)} ms after report`);
  });
} else if (mode === "linger") {
  const reportedAt = await runOne(hosts);
  const cpu = process.cpuUsage();
  globalThis.addEventListener("unload", () => {
    const used = process.cpuUsage(cpu);
    console.log(
      `${hosts} hosts: exit ${(performance.now() - reportedAt).toFixed(0)} ms after the report, ` +
        `${((used.user + used.system) / 1000).toFixed(1)} ms of CPU after the report`,
    );
  });
} else if (mode === "idle") {
  const { parseBenchConfig } = await import("../lib/config/mod.ts");
  const { spawnRunChild } = await import("../lib/bench/run_in_child.ts");
  const config = parseBenchConfig("", "bench.yml");
  const child = spawnRunChild({
    hosts: 3,
    msgs: 5,
    variant: config.variants.default,
    scenario: config.scenario,
    seed: 1,
  }, { timeoutMs: 60_000 });
  await child.ready;
  // Run time of all the child's threads, in ms (schedstat counts nanoseconds).
  const ticks = (): number => {
    let ns = 0;
    for (const task of Deno.readDirSync(`/proc/${child.pid}/task`)) {
      try {
        ns += Number(
          Deno.readTextFileSync(`/proc/${child.pid}/task/${task.name}/schedstat`).split(" ")[0],
        );
      } catch {
        // a thread ended meanwhile
      }
    }
    return ns / 1e6;
  };
  // Sampled from the ready line on: anything a loaded child still does would compete with a run.
  const readyAt = performance.now();
  const start = ticks();
  const samples: string[] = [];
  for (const atMs of [100, 300, 1000, 5000]) {
    await new Promise((resolve) => setTimeout(resolve, atMs - (performance.now() - readyAt)));
    samples.push(`${(ticks() - start).toFixed(1)} ms by ${atMs} ms`);
  }
  console.log(`a loaded child waiting for its go, CPU since its ready line: ${samples.join(", ")}`);
  child.kill("probe done");
  await child.outcome;
} else {
  console.error("usage: probe_run_exit.ts timers|linger|idle [hosts]");
  Deno.exit(2);
}
