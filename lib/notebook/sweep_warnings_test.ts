// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { sweepConfig, type SweepRow } from "./notebook_sweep.ts";
import { MESH_LIMITED_ADVICE, sweepWarnings } from "./sweep_warnings.ts";

const MESH = sweepConfig({
  parameter: "gossipsub",
  values: [{ D: 2, Dlo: 1, Dhi: 3 }, { D: 8, Dlo: 6, Dhi: 12 }],
  hosts: [10],
  msgs: [20],
  variant: "default",
  iterations: 1,
});
const HEARTBEAT = sweepConfig({
  parameter: "heartbeatIntervalMs",
  values: [500, 1000],
  hosts: [10],
  msgs: [20],
  variant: "default",
  iterations: 1,
});

/** A row of value `valueIndex` with these medians (one sample each, no quartiles). */
function row(
  valueIndex: number,
  medians: { duplicates: number; mesh: number; p99?: number; rss?: number; active?: number },
  extra: Partial<SweepRow> = {},
): SweepRow {
  const figure = (median: number) => ({ n: 1, median, q1: null, q3: null });
  return {
    valueIndex,
    hosts: 10,
    msgs: 20,
    series: "10 hosts x 20 msgs",
    runs: 1,
    failures: 0,
    requestedD: [2, 8][valueIndex],
    figures: {
      "duplicates": figure(medians.duplicates),
      "mesh-degree": figure(medians.mesh),
      "p99-latency": figure(medians.p99 ?? 50),
      "peak-rss": figure(medians.rss ?? 200),
      "active-time": figure(medians.active ?? 1000),
    },
    ...extra,
  };
}

Deno.test("sweepWarnings is silent when the knob took effect", () => {
  assertEquals(
    sweepWarnings(MESH, [
      row(0, { duplicates: 0.46, mesh: 2 }),
      row(1, { duplicates: 5.16, mesh: 7.8 }),
    ]),
    [],
  );
});

Deno.test("sweepWarnings says the mesh was limited by connections when it stayed the same", () => {
  const warnings = sweepWarnings(MESH, [
    row(0, { duplicates: 3.84, mesh: 4.6 }),
    row(1, { duplicates: 3.85, mesh: 4.7 }),
  ]);
  assertEquals(warnings, [
    "the mesh degree stayed at about 4.7 for every value of D/Dlo/Dhi, so changing it could not " +
    `take effect: ${MESH_LIMITED_ADVICE} (scenario.dialsPerHost is 4).`,
    "changing D/Dlo/Dhi over 2/1/3, 8/6/12 changed nothing measurable here: duplicates per " +
    "delivery, mesh degree, p99 latency, peak RSS, active time each stayed within 10% or within " +
    `noise; ${MESH_LIMITED_ADVICE}.`,
  ]);
});

Deno.test("sweepWarnings names the values whose mesh stayed below the D asked for", () => {
  assertEquals(
    sweepWarnings(MESH, [
      row(0, { duplicates: 0.5, mesh: 2 }),
      row(1, { duplicates: 4, mesh: 5.2 }),
    ]),
    [
      "the mesh stayed below the D asked for at D/Dlo/Dhi = 8/6/12 (10 hosts x 20 msgs): 5.2 of " +
      `8: ${MESH_LIMITED_ADVICE} (scenario.dialsPerHost is 4).`,
    ],
  );
});

Deno.test("sweepWarnings counts overlapping spreads as noise and reports failed runs", () => {
  const spread = (valueIndex: number, median: number, q1: number, q3: number): SweepRow => {
    const base = row(valueIndex, { duplicates: 4, mesh: 6, p99: median });
    base.figures["p99-latency"] = { n: 3, median, q1, q3 };
    return { ...base, requestedD: 6, runs: 3 };
  };
  // p99 40 -> 60 ms, but the quartiles overlap: noise. Nothing else moves.
  const warnings = sweepWarnings(HEARTBEAT, [
    spread(0, 40, 30, 70),
    { ...spread(1, 60, 35, 80), failures: 1 },
  ]);
  assertEquals(warnings, [
    "runs failed at heartbeatIntervalMs = 1000 (10 hosts x 20 msgs): 1 of 3; their figures are " +
    "left out (the results file says why).",
    "changing heartbeatIntervalMs over 500, 1000 changed nothing measurable here: duplicates per " +
    "delivery, mesh degree, p99 latency, peak RSS, active time each stayed within 10% or within noise.",
  ]);
  // Disjoint quartiles: a change.
  assertEquals(sweepWarnings(HEARTBEAT, [spread(0, 40, 35, 45), spread(1, 60, 55, 65)]), []);
});
