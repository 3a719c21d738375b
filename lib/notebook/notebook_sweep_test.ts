// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import type { RunResult } from "../bench/mod.ts";
import { fakeRun } from "../bench/testdata/run_fixtures.ts";
import { ConfigError } from "../config/mod.ts";
import { NotebookError } from "./notebook_error.ts";
import {
  SWEEP_FIGURE_IDS,
  sweepCharts,
  sweepConfig,
  sweepOutputs,
  sweepRows,
} from "./notebook_sweep.ts";

const SCENARIO = { hosts: [10], msgs: [20], variant: "states", iterations: 2 };
const MESH_SETS = [{ D: 2, Dlo: 1, Dhi: 3 }, { D: 8, Dlo: 6, Dhi: 12 }];

/** A run of `variant` at 10 hosts x 20 msgs with these figures. */
function run(
  variant: string,
  figures: { duplicates: number; mesh: number; p99?: number; hosts?: number },
): RunResult {
  return fakeRun({
    hosts: figures.hosts ?? 10,
    msgs: 20,
    variant,
    measured: {
      activeMs: 1000,
      peakRssBytes: 200 * 2 ** 20,
      duplicatesPerDelivery: figures.duplicates,
      meshDegreeMeanAtFirstPublish: figures.mesh,
      latencyMs: { count: 1, p50: 1, p95: 1, p99: figures.p99 ?? 10, max: 10 },
    },
  });
}

Deno.test("sweepConfig makes one variant per value of a router option, from the base variant", () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "heartbeatIntervalMs", values: [500, 1000] });
  assertEquals(sweep.config.matrix.variants, [
    "heartbeatIntervalMs-500",
    "heartbeatIntervalMs-1000",
  ]);
  assertEquals(sweep.config.variants["heartbeatIntervalMs-1000"], {
    ...sweep.config.variants.states,
    gossipsub: { heartbeatIntervalMs: 1000 },
  });
  assertEquals([...sweep.variantValues], [
    ["heartbeatIntervalMs-500", 0],
    ["heartbeatIntervalMs-1000", 1],
  ]);
  assertEquals([sweep.labels, sweep.axisLabel, sweep.numeric, sweep.shapesMesh], [
    ["500", "1000"],
    "heartbeatIntervalMs",
    true,
    false,
  ]);
});

Deno.test("sweepConfig sweeps sets of router options, keeping the fixed ones", () => {
  const sweep = sweepConfig({
    ...SCENARIO,
    variant: "default",
    parameter: "gossipsub",
    values: MESH_SETS,
    gossipsub: { floodPublish: false },
  });
  assertEquals(sweep.config.matrix.variants, ["D2-Dlo1-Dhi3", "D8-Dlo6-Dhi12"]);
  assertEquals(sweep.config.variants["D2-Dlo1-Dhi3"].gossipsub, {
    floodPublish: false,
    D: 2,
    Dlo: 1,
    Dhi: 3,
  });
  assertEquals([sweep.labels, sweep.axisLabel, sweep.numeric, sweep.shapesMesh], [
    ["2/1/3", "8/6/12"],
    "D/Dlo/Dhi",
    false,
    true,
  ]);
  const mixed = sweepConfig({
    ...SCENARIO,
    parameter: "gossipsub",
    values: [{ floodPublish: false }, { floodPublish: true, D: 4 }],
  });
  assertEquals([mixed.labels, mixed.axisLabel, mixed.config.matrix.variants], [
    ["floodPublish=false", "floodPublish=true D=4"],
    "router options",
    ["floodPublish_false", "floodPublish_true-D4"],
  ]);
});

Deno.test("sweepConfig sweeps a variant field and the matrix axes", () => {
  const routers = sweepConfig({
    ...SCENARIO,
    variant: "default",
    parameter: "router",
    values: ["gossipsub", "floodsub"],
  });
  assertEquals(routers.config.variants["router-floodsub"].router, "floodsub");
  assertEquals(routers.numeric, false);
  const hosts = sweepConfig({
    ...SCENARIO,
    parameter: "hosts",
    values: [3, 5],
    gossipsub: { floodPublish: false },
  });
  assertEquals([hosts.config.matrix.hosts, hosts.config.matrix.variants], [[3, 5], ["states"]]);
  assertEquals(hosts.config.variants.states.gossipsub, { floodPublish: false });
  assertEquals(hosts.variantValues.size, 0);
  const msgs = sweepConfig({ ...SCENARIO, parameter: "msgs", values: [10, 50] });
  assertEquals(msgs.config.matrix.msgs, [10, 50]);
});

Deno.test("sweepConfig refuses an unknown parameter, bad values and impossible settings", () => {
  throws(
    () => sweepConfig({ ...SCENARIO, parameter: "degree", values: [4] }, { label: "tuning.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        "tuning.ipynb: parameter must be one of gossipsub, D, Dlo, Dhi, heartbeatIntervalMs, " +
          "floodPublish, stack, router, orchestration, transport, encryption, ed25519, " +
          'memoryLatencyMs, hosts, msgs, got "degree"',
  );
  throws(
    () => sweepConfig({ ...SCENARIO, parameter: "D", values: [4, 4] }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        "notebook parameters: values must be a non-empty list of distinct values, got [4,4]",
  );
  throws(() => sweepConfig({ ...SCENARIO, parameter: "D", values: [] }), NotebookError);
  throws(
    () => sweepConfig({ ...SCENARIO, parameter: "gossipsub", values: [{ degree: 2 }] }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith(
        'notebook parameters: with parameter "gossipsub", each value must be an object of ' +
          "router options (D, Dlo, Dhi, heartbeatIntervalMs, floodPublish)",
      ),
  );
  throws(
    () => sweepConfig({ ...SCENARIO, parameter: "D", values: [2] }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message.includes("variants.D-2.gossipsub.D must be >= Dlo"),
  );
});

Deno.test("sweepRows summarises counted runs by value and scenario, in sweep order", () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "gossipsub", values: MESH_SETS });
  const rows = sweepRows(sweep, [
    run("D8-Dlo6-Dhi12", { duplicates: 5, mesh: 7.5 }),
    run("D2-Dlo1-Dhi3", { duplicates: 1, mesh: 2 }),
    run("D2-Dlo1-Dhi3", { duplicates: 3, mesh: 2 }),
    fakeRun({ hosts: 10, msgs: 20, variant: "D8-Dlo6-Dhi12", ok: false, failure: "timeout" }),
    { ...run("D8-Dlo6-Dhi12", { duplicates: 99, mesh: 99 }), warmup: true },
  ]);
  assertEquals(
    rows.map((row) => [row.valueIndex, row.series, row.runs, row.failures, row.requestedD]),
    [[0, "10 hosts x 20 msgs", 2, 0, 2], [1, "10 hosts x 20 msgs", 2, 1, 8]],
  );
  assertEquals(rows[0].figures.duplicates, { n: 2, median: 2, q1: 1.5, q3: 2.5 });
  assertEquals(rows[1].figures["mesh-degree"].median, 7.5);
  assertEquals(Object.keys(rows[0].figures), [...SWEEP_FIGURE_IDS]);
});

Deno.test("sweepCharts puts the swept value on the x axis and the D asked for beside the mesh", () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "gossipsub", values: MESH_SETS });
  const charts = sweepCharts(
    sweep,
    sweepRows(sweep, [
      run("D2-Dlo1-Dhi3", { duplicates: 1, mesh: 2 }),
      run("D2-Dlo1-Dhi3", { duplicates: 3, mesh: 2 }),
      run("D8-Dlo6-Dhi12", { duplicates: 5, mesh: 7.5 }),
    ]),
  );
  assertEquals(charts.map((chart) => chart.title), [
    "Duplicates per delivery",
    "Mesh degree when publishing",
    "Delivery latency, 99th percentile",
    "Peak RSS",
    "Active time",
  ]);
  const [duplicates, mesh] = charts;
  assertEquals([duplicates.xLabel, duplicates.xValues], ["D/Dlo/Dhi", ["2/1/3", "8/6/12"]]);
  assertEquals(duplicates.points, [
    { series: "10 hosts x 20 msgs", x: "2/1/3", y: 2, low: 1.5, high: 2.5 },
    { series: "10 hosts x 20 msgs", x: "8/6/12", y: 5 },
  ]);
  assertEquals(mesh.reference, {
    label: "D asked for",
    points: [{ x: "2/1/3", y: 2 }, { x: "8/6/12", y: 8 }],
  });
  assertEquals(charts[3].points[0].y, 200);
  // A host sweep: numeric x, a line per message count.
  const hosts = sweepConfig({
    ...SCENARIO,
    variant: "default",
    parameter: "hosts",
    values: [5, 10],
  });
  const [hostDuplicates] = sweepCharts(
    hosts,
    sweepRows(hosts, [
      run("default", { duplicates: 1, mesh: 4, hosts: 5 }),
      run("default", { duplicates: 2, mesh: 6, hosts: 10 }),
    ]),
  );
  assertEquals(hostDuplicates.xValues, [5, 10]);
  assertEquals(hostDuplicates.points.map((point) => [point.series, point.x]), [
    ["20 msgs", 5],
    ["20 msgs", 10],
  ]);
});

Deno.test("sweepOutputs gives the warnings above the table, then five PNG figures", async () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "gossipsub", values: MESH_SETS });
  const [table, ...figures] = await sweepOutputs(sweep, [
    run("D2-Dlo1-Dhi3", { duplicates: 0.5, mesh: 4.6 }),
    run("D8-Dlo6-Dhi12", { duplicates: 0.5, mesh: 4.6 }),
  ]);
  const markdown = table.data["text/markdown"];
  assert(
    markdown.startsWith("**Warning:** the mesh degree stayed at about 4.6 for every value"),
    markdown,
  );
  const rows = markdown.split("\n").filter((line) => line.startsWith("| "));
  assertEquals(rows, [
    "| D/Dlo/Dhi | hosts | msgs | ok/runs | mesh (D asked) | duplicates per delivery | p99 latency ms | peak RSS MiB | active ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    "| 2/1/3 | 10 | 20 | 1/1 | 4.6 (2) | 0.50 | 10 | 200.0 | 1000 |",
    "| 8/6/12 | 10 | 20 | 1/1 | 4.6 (8) | 0.50 | 10 | 200.0 | 1000 |",
  ]);
  assertEquals(figures.map((figure) => figure.data["text/plain"]), [
    "Duplicates per delivery",
    "Mesh degree when publishing",
    "Delivery latency, 99th percentile",
    "Peak RSS",
    "Active time",
  ]);
  assert(figures.every((figure) => figure.data["image/png"].startsWith("iVBOR")));
});
