// runSim with real hosts until a few statuses have been printed: what its status hook receives.
// Each sim runs until the test stops it (its duration is long), so a slow start on a loaded
// machine means a longer test, never a failed one; the sim's own end by duration is tested
// through the CLI (sim_cli_test.ts).
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { readJournal } from "../telemetry/read_journal.ts";
import { formatSimStatus, type SimStatus } from "./format_sim_status.ts";
import { parseSimConfig } from "./parse_sim_config.ts";
import { runSim } from "./run_sim.ts";

/**
 * Ends a test's sim: `stop()` aborts it once `after` settles; a deadline of minutes aborts a
 * stuck one, whose test then fails on its counts instead of hanging.
 */
function createStopper(): { signal: AbortSignal; stop(after?: Promise<unknown>): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 120_000);
  return {
    signal: controller.signal,
    stop: (after = Promise.resolve()) => {
      after.finally(() => {
        clearTimeout(timer);
        controller.abort();
      });
    },
  };
}

Deno.test("runSim calls onStatus with each status it prints, in time order", async () => {
  const config = parseSimConfig("", "test", {
    env: { SIM_PRINT_INTERVAL: "1s", SIM_METRICS: "false" },
    flags: { duration: "10m", maxPeers: "4", initialPeers: "3", maxTopics: "2" },
  });
  const statuses: SimStatus[] = [];
  const printed: string[] = [];
  const stopper = createStopper();
  const summary = await runSim(config, {
    signal: stopper.signal,
    print: (text) => printed.push(text),
    onStatus: (status) => {
      if (statuses.push(status) === 3) stopper.stop();
    },
  });
  assertEquals(summary.reason, "interrupted");
  assert(statuses.length >= 3, `${statuses.length} statuses before the deadline`);
  // Each status is the one printed, as formatSimStatus formats it.
  assertEquals(statuses.map(formatSimStatus), printed.filter((text) => text.startsWith("[")));
  for (const [index, status] of statuses.entries()) {
    assert(status.world.peers >= 1 && status.world.peers <= 4, `peers ${status.world.peers}`);
    if (index > 0) assert(status.elapsedMs > statuses[index - 1].elapsedMs);
  }
});

Deno.test("runSim records a heartbeat that throws and goes on beating, on the real timers", async () => {
  // onStatus runs inside a beat: a hook that throws is a beat that throws. Before the fix the
  // first such throw escaped the timer and ended the process.
  const dir = await Deno.makeTempDir({ prefix: "run_sim_test_" });
  try {
    const config = parseSimConfig(
      `journal:\n  enabled: true\n  file: ${dir}/journal.ndjson\nmetrics:\n  port: 0\n`,
      "test",
      {
        env: { SIM_PRINT_INTERVAL: "1s" },
        flags: { duration: "10m", maxPeers: "3", initialPeers: "2", maxTopics: "1" },
      },
    );
    let url = "";
    let scrape: Promise<string> | undefined;
    const statuses: SimStatus[] = [];
    const printed: string[] = [];
    const stopper = createStopper();
    const summary = await runSim(config, {
      signal: stopper.signal,
      print: (text) => printed.push(text),
      onMetricsListen: (listening) => url = listening,
      onStatus: (status) => {
        statuses.push(status);
        if (statuses.length === 1) throw new Error("status hook broke");
        // The metrics server closes with the run: read it while the run goes on.
        scrape ??= fetch(url).then((response) => response.text());
        if (statuses.length === 3) stopper.stop(scrape);
      },
    });
    assertEquals(summary.reason, "interrupted");
    assertEquals(summary.failedHeartbeats, 1);
    // Beats went on after the failure: later statuses, and more heartbeats than the failed one.
    assert(statuses.length >= 3, `${statuses.length} statuses before the deadline`);
    assertEquals(
      statuses.slice(1).map((status) => status.failedHeartbeats > 0),
      statuses.slice(1).map(() => true),
    );
    assert(summary.heartbeats >= 3, `${summary.heartbeats} heartbeats`);
    const notices = printed.filter((text) => text.startsWith("heartbeat "));
    assertEquals(notices.length, 1);
    match(
      notices[0],
      /^heartbeat \d+ failed \(1 so far; the simulation goes on\): Error: status hook broke$/,
    );
    assert(scrape !== undefined, "no status after the failed one");
    match(await scrape, /^sim_heartbeat_errors_total 1$/m);
    const journal = await readJournal(`${dir}/journal.ndjson`);
    const failed = journal.transitions.filter((line) => line.event === "HEARTBEAT_FAILED");
    assertEquals(failed.map((line) => [line.machine, line.accepted]), [["sim", true]]);
    match(failed[0].args ?? "", /status hook broke/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
