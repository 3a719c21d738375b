// The deno-tcp and deno-native variants through the whole scenario, each in its own run process as
// the bench runs them: every message must reach every host, with the same delivery checks as
// default, in both publish patterns.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { BUILTIN_VARIANTS, parseBenchConfig } from "../config/mod.ts";
import type { ScenarioConfig } from "../config/types.ts";
import { runInChild } from "./run_in_child.ts";

const realHostsTest = { sanitizeOps: false, sanitizeResources: false };
const SCENARIO: ScenarioConfig = parseBenchConfig("", "bench.yml", { env: {} }).scenario;

for (const name of ["deno-tcp", "deno-native"]) {
  for (const pattern of ["serial", "burst"] as const) {
    Deno.test(`the ${name} variant delivers every message, ${pattern}`, realHostsTest, async () => {
      const outcome = await runInChild({
        hosts: 8,
        msgs: 20,
        seed: 5,
        variant: BUILTIN_VARIANTS[name],
        scenario: { ...SCENARIO, pattern },
      }, { timeoutMs: 120_000 });
      assertEquals(outcome.processFailure, undefined);
      assertEquals(outcome.report?.failure, undefined);
      assertEquals(outcome.report?.ok, true);
      const measurements = outcome.report!.measurements;
      assertEquals(measurements.messagesExpected, 21 * 8);
      assertEquals(measurements.messagesDelivered, 21 * 8);
      assertEquals(measurements.messagesMissed, 0);
      assertEquals(measurements.dialFailures, 0);
    });
  }
}
