// runSim with real hosts for a few seconds: what its status hook receives.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { formatSimStatus, type SimStatus } from "./format_sim_status.ts";
import { parseSimConfig } from "./parse_sim_config.ts";
import { runSim } from "./run_sim.ts";

Deno.test("runSim calls onStatus with each status it prints, in time order", async () => {
  const config = parseSimConfig("", "test", {
    env: { SIM_PRINT_INTERVAL: "1s", SIM_METRICS: "false" },
    flags: { duration: "4s", maxPeers: "4", initialPeers: "3", maxTopics: "2" },
  });
  const statuses: SimStatus[] = [];
  const printed: string[] = [];
  const summary = await runSim(config, {
    print: (text) => printed.push(text),
    onStatus: (status) => statuses.push(status),
  });
  assertEquals(summary.reason, "duration");
  assert(statuses.length >= 2, `${statuses.length} statuses`);
  // Each status is the one printed, as formatSimStatus formats it.
  assertEquals(statuses.map(formatSimStatus), printed.filter((text) => text.startsWith("[")));
  for (const [index, status] of statuses.entries()) {
    assert(status.world.peers >= 1 && status.world.peers <= 4, `peers ${status.world.peers}`);
    if (index > 0) assert(status.elapsedMs > statuses[index - 1].elapsedMs);
  }
});
