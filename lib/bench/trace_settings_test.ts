// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { TelemetryConfig } from "../config/types.ts";
import { resolveTraceSettings } from "./trace_settings.ts";

const OFF: TelemetryConfig = {
  trace: false,
  tracingHost: 0,
  tracingMachines: 0,
  journal: false,
  journalMaxRecords: 100,
  otlpEndpoint: "",
};

Deno.test("resolveTraceSettings gives no traced runs when nothing is on", () => {
  assertEquals(resolveTraceSettings(OFF), undefined);
});

Deno.test("resolveTraceSettings turns every source on at full level for trace alone", () => {
  assertEquals(resolveTraceSettings({ ...OFF, trace: true }), {
    tracingHost: 1,
    tracingMachines: 2,
    journal: true,
    journalMaxRecords: 100,
    otlpEndpoint: "",
  });
});

Deno.test("resolveTraceSettings records only the sources that are set", () => {
  assertEquals(resolveTraceSettings({ ...OFF, tracingMachines: 1 }), {
    tracingHost: 0,
    tracingMachines: 1,
    journal: false,
    journalMaxRecords: 100,
    otlpEndpoint: "",
  });
  assertEquals(resolveTraceSettings({ ...OFF, trace: true, journal: true })?.tracingHost, 0);
});
