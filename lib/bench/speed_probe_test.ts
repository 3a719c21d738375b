import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual,
  ok as assert,
} from "node:assert/strict";
import { probeWork, runSpeedProbe } from "./speed_probe.ts";

Deno.test("the speed probe does the same work every time, and its result depends on all of it", () => {
  assertEquals(probeWork(10_000), probeWork(10_000));
  notDeepStrictEqual(probeWork(10_000), probeWork(10_001));
});

Deno.test("runSpeedProbe reports the CPU time of its work", () => {
  const cpuMs = runSpeedProbe();
  // About 5 ms on an idle 2-core machine; far more than 0 and far less than a second anywhere.
  assert(cpuMs > 0 && cpuMs < 1_000, `probe took ${cpuMs} ms of CPU`);
});
