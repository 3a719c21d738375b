// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import type { RunResult } from "../bench/mod.ts";
import { fakeRun } from "../bench/testdata/run_fixtures.ts";
import { ConfigError } from "../config/mod.ts";
import { NotebookError } from "./notebook_error.ts";
import { sweepBundles, sweepConfig } from "./notebook_sweep.ts";

const SCENARIO = { hosts: [10], msgs: [20], variant: "states", iterations: 2 };

Deno.test("sweepConfig makes one variant per value of a router option, from the base variant", () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "D", values: [4, 8] });
  assertEquals(sweep.config.matrix.variants, ["D-4", "D-8"]);
  assertEquals(sweep.config.variants["D-8"], {
    ...sweep.config.variants.states,
    gossipsub: { D: 8 },
  });
  assertEquals(sweep.config.variants["D-8"].orchestration, "states");
  assertEquals([...sweep.variantValues], [["D-4", 4], ["D-8", 8]]);
});

Deno.test("sweepConfig sweeps a variant field and a matrix axis", () => {
  const routers = sweepConfig({
    ...SCENARIO,
    variant: "default",
    parameter: "router",
    values: ["gossipsub", "floodsub"],
  });
  assertEquals(routers.config.variants["router-floodsub"].router, "floodsub");
  const hosts = sweepConfig({ ...SCENARIO, parameter: "hosts", values: [3, 5] });
  assertEquals([hosts.config.matrix.hosts, hosts.config.matrix.variants], [[3, 5], ["states"]]);
  assertEquals(hosts.variantValues.size, 0);
});

Deno.test("sweepConfig refuses an unknown parameter, bad values and impossible settings", () => {
  throws(
    () => sweepConfig({ ...SCENARIO, parameter: "degree", values: [4] }, { label: "tuning.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        "tuning.ipynb: parameter must be one of D, Dlo, Dhi, heartbeatIntervalMs, floodPublish, " +
          'stack, router, orchestration, transport, encryption, ed25519, memoryLatencyMs, hosts, msgs, got "degree"',
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
    () => sweepConfig({ ...SCENARIO, parameter: "D", values: [2] }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message.includes("variants.D-2.gossipsub.D must be >= Dlo"),
  );
});

Deno.test("sweepBundles tabulates the medians per value in sweep order, then three charts", () => {
  const sweep = sweepConfig({ ...SCENARIO, parameter: "D", values: [8, 4] });
  const run = (variant: string, p99: number, duplicates: number): RunResult =>
    fakeRun({
      hosts: 10,
      msgs: 20,
      variant,
      measured: {
        activeMs: 1000,
        peakRssBytes: 200 * 2 ** 20,
        duplicatesPerDelivery: duplicates,
        latencyMs: { count: 1, p50: 1, p95: 1, p99, max: p99 },
      },
    });
  const [table, ...charts] = sweepBundles(sweep, [
    run("D-4", 12, 2),
    run("D-4", 14, 2.5),
    run("D-8", 30.5, 4),
    fakeRun({ hosts: 10, msgs: 20, variant: "D-8", ok: false, failure: "timeout" }),
  ]);
  const rows = table["text/markdown"].split("\n").filter((line) => line.startsWith("| "));
  assertEquals(rows, [
    "| D | hosts | msgs | ok/runs | p99 latency ms | duplicates per delivery | peak RSS MiB | active ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    "| 8 | 10 | 20 | 1/2 | 31 | 4.00 | 200.0 | 1000 |",
    "| 4 | 10 | 20 | 2/2 | 13 | 2.25 | 200.0 | 1000 |",
  ]);
  assertEquals(charts.map((chart) => chart["text/plain"]), [
    "Delivery latency",
    "Duplicates per delivery",
    "Peak RSS",
  ]);
  assert(charts.every((chart) => chart["image/svg+xml"].startsWith("<svg ")));
});
