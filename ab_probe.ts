import { runDiscoveryScenario } from "./lib/bench/discovery_scenario.ts";
import { BUILTIN_VARIANTS, parseBenchConfig } from "./lib/config/mod.ts";
const scenario = parseBenchConfig("", "x.yml", { env: {} }).scenario;
const res: Record<string, number[][]> = { default: [], states: [] };
for (let i = 0; i < 4; i++) {
  for (const v of i % 2 ? ["states", "default"] : ["default", "states"]) {
    const cpu0 = Deno.osUptime ? 0 : 0;
    const out = await runDiscoveryScenario({
      hosts: 20,
      msgs: 100,
      seed: 100 + i,
      variant: BUILTIN_VARIANTS[v],
      scenario,
    });
    res[v].push([Math.round(out.phasesMs.randomMessages), Math.round(out.activeMs)]);
  }
}
for (const v of ["default", "states"]) {
  console.log(
    v,
    JSON.stringify(res[v]),
    "median random",
    res[v].map((x) => x[0]).sort((a, b) => a - b)[2],
  );
}
