import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import {
  calibrateNoise,
  NoiseCalibrationError,
  noiseThreshold,
  parseNoiseCalibration,
} from "./noise_calibration.ts";
import { fakeRounds, fakeRun } from "./testdata/run_fixtures.ts";
import { environmentDifferences } from "./environment_differences.ts";
import {
  compareMachineSpeed,
  machineDriftByFigure,
  machineDriftRange,
  machineSpeedSentence,
  speedGaugeMs,
} from "./machine_speed.ts";
import { findSteadierFigure } from "./steadier_figure.ts";
import { summarizeResults } from "./summarize_results.ts";

function assertClose(actual: number, expected: number): void {
  assert(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
}

Deno.test("calibrateNoise keeps the median |ln(twin / default)| per cell and the largest per figure", () => {
  // Rounds: twin/default = 1.1, 1/1.2, 1.05, 1 -> |ln| = .0953, .1823, .0488, 0 -> median .0721.
  const results = [
    ...fakeRounds("default", [100, 120, 100, 100]),
    ...fakeRounds("twin", [110, 100, 105, 100]),
    ...fakeRounds("default", [100, 100], { hosts: 10 }),
    ...fakeRounds("twin", [150, 100], { hosts: 10 }),
  ];
  const calibration = calibrateNoise(results, { metrics: ["activeMs"] })!;
  const [figure] = calibration.figures;
  assertEquals(figure.metric, "activeMs");
  assertEquals(figure.cells.map((cell) => [cell.hosts, cell.rounds]), [[5, 4], [10, 2]]);
  assertClose(figure.cells[0].spread, (Math.log(1.1) + Math.log(1.05)) / 2);
  assertClose(figure.cells[1].spread, Math.log(1.5) / 2);
  assertClose(figure.spread, Math.log(1.5) / 2);
});

Deno.test("calibrateNoise gives undefined without a round of both default and twin", () => {
  assertEquals(calibrateNoise(fakeRounds("default", [1, 2, 3])), undefined);
});

Deno.test("noiseThreshold takes the larger of the floor and the cell's calibrated spread", () => {
  const calibration = calibrateNoise([
    ...fakeRounds("default", [100, 100, 100]),
    ...fakeRounds("twin", [110, 110, 110]),
  ], { metrics: ["activeMs"] })!;
  const source = { floor: 0.02, calibration };
  const own = noiseThreshold(source, "activeMs", { hosts: 5, msgs: 20 });
  assertEquals(own.from, "calibration");
  assertClose(own.value, 0.1);
  // Another cell: the figure's largest spread; another figure: the floor.
  assertClose(noiseThreshold(source, "activeMs", { hosts: 50, msgs: 20 }).value, 0.1);
  assertEquals(noiseThreshold(source, "cpuMs", { hosts: 5, msgs: 20 }), {
    value: 0.02,
    from: "floor",
  });
  assertEquals(
    noiseThreshold({ floor: 0.2, calibration }, "activeMs", { hosts: 5, msgs: 20 }).from,
    "floor",
  );
});

Deno.test("parseNoiseCalibration reads back what calibrateNoise wrote", () => {
  const calibration = calibrateNoise([
    ...fakeRounds("default", [100, 100]),
    ...fakeRounds("twin", [110, 90]),
  ])!;
  assertEquals(parseNoiseCalibration(JSON.stringify(calibration), "c.json"), calibration);
});

Deno.test("parseNoiseCalibration names the file and the broken field", () => {
  throws(() => parseNoiseCalibration("{", "c.json"), {
    name: "NoiseCalibrationError",
    message: /^calibration file "c.json" is not JSON/,
  });
  throws(() => parseNoiseCalibration('{"kind":"other"}', "c.json"), NoiseCalibrationError);
  const broken = {
    kind: "noise-calibration",
    schema: 1,
    measuredAt: "x",
    benchId: "b",
    reference: "default",
    twin: "twin",
    figures: [{ metric: "activeMs", spread: -1, cells: [] }],
  };
  throws(() => parseNoiseCalibration(JSON.stringify(broken), "c.json"), {
    name: "NoiseCalibrationError",
    message:
      'calibration file "c.json": figures[0].spread must be a number >= 0; make a new one with deno task bench --calibrate',
  });
});

Deno.test("environmentDifferences names the machine and commit differences", () => {
  const here = fakeRun({}).environment;
  assertEquals(environmentDifferences(here, here), { machine: [] });
  const there = { ...here, cpuModel: "Other", cpuCount: 8, gitCommit: "abcdef0123", hostname: "b" };
  const differences = environmentDifferences(
    { ...here, gitCommit: "1234567890", hostname: "a" },
    there,
  );
  assertEquals(differences.machine, [
    'host "a" here, "b" there',
    'CPU "" x 1 here, "Other" x 8 there',
  ]);
  assertEquals(differences.commit, "commit 1234567 here, abcdef0 there");
});

Deno.test("findSteadierFigure picks the figure with the smaller median relative IQR", () => {
  const runs = [100, 200, 300, 400, 500].map((activeMs, iteration) =>
    fakeRun({ iteration, measured: { activeMs, cpuMs: 100 + iteration } })
  );
  const steadier = findSteadierFigure(summarizeResults(runs));
  // active: IQR 200 / median 300; CPU: IQR 2 / median 102.
  assertClose(steadier.activeMs!, 200 / 300);
  assertClose(steadier.cpuMs!, 2 / 102);
  assertEquals([steadier.steadier, steadier.cells], ["cpuMs", 1]);
  assertEquals(findSteadierFigure([]).steadier, null);
});

Deno.test("speedGaugeMs reads the speed probe, or the start-up of runs that were not preloaded", () => {
  const probed = (speedProbeCpuMs: number) =>
    fakeRun({ measured: { totalMs: 10, speedProbeCpuMs } });
  assertEquals(speedGaugeMs([probed(5), probed(9), probed(6)]), { ms: 6, gauge: "probe" });
  const run = (durationMs: number, totalMs: number, exitAfterReportMs = 0, loadMs?: number) => ({
    ...fakeRun({ measured: { totalMs } }),
    durationMs,
    exitAfterReportMs,
    ...(loadMs !== undefined ? { loadMs } : {}),
  });
  // 3000 - 1000 - 0, 2500 - 1000 - 500, 1800 - 1000 - 0 -> 2000, 1000, 800: median 1000.
  const results = [run(3000, 1000), run(2500, 1000, 500), run(1800, 1000)];
  assertEquals(speedGaugeMs(results), { ms: 1000, gauge: "start-up" });
  // A preloaded child's clock starts after loading: its start-up says nothing.
  assertEquals(speedGaugeMs([run(1030, 1000, 0, 400)]), null);
  assertEquals(speedGaugeMs([fakeRun({ ok: false, failure: "crash" })]), null);
  // The wall clock reads the probe's wall time, and has no start-up to fall back on.
  const timed = (speedProbeCpuMs: number, speedProbeWallMs: number) =>
    fakeRun({ measured: { totalMs: 10, speedProbeCpuMs, speedProbeWallMs } });
  assertEquals(speedGaugeMs([timed(5, 9), timed(6, 12), timed(5, 30)], "wall"), {
    ms: 12,
    gauge: "probe",
  });
  assertEquals(speedGaugeMs([probed(5)], "wall"), null);
  assertEquals(speedGaugeMs(results, "wall"), null);
});

Deno.test("machineDriftByFigure allows CPU time the CPU probe's drift, other times the wall's too", () => {
  const timed = (hosts: number, speedProbeCpuMs: number, speedProbeWallMs: number) =>
    fakeRun({ hosts, measured: { totalMs: 10, speedProbeCpuMs, speedProbeWallMs } });
  // The CPU probe agrees in both cells; the wall probe took 1.5x as long here in the 5-host cell:
  // other processes kept this bench's runs off the CPU.
  const here = [timed(3, 10, 11), timed(5, 10, 15)];
  const there = [timed(3, 10, 11), timed(5, 10, 10)];
  const allowance = machineDriftByFigure(
    compareMachineSpeed(here, there),
    compareMachineSpeed(here, there, "wall"),
  );
  assertEquals(allowance({ metric: "cpuMs" }), { low: 1, high: 1 });
  assertEquals(allowance({ metric: "activeMs" }), { low: 1, high: 1.5 });
  // Without wall times (older results), every time gets the CPU span.
  const cpuOnly = machineDriftByFigure(compareMachineSpeed(here, there), undefined);
  assertEquals(cpuOnly({ metric: "activeMs" }), { low: 1, high: 1 });
});

Deno.test("compareMachineSpeed gives each cell its own drift, and none across gauges", () => {
  const probed = (hosts: number, speedProbeCpuMs: number) =>
    fakeRun({ hosts, measured: { totalMs: 10, speedProbeCpuMs } });
  const here = [probed(3, 10), probed(3, 10), probed(5, 20), probed(5, 20)];
  const there = [probed(3, 10), probed(3, 10), probed(5, 10), probed(5, 10)];
  const speed = compareMachineSpeed(here, there)!;
  // Overall medians 15 against 10; the 3-host cell ran at the same speed, the 5-host one at half.
  assertEquals([speed.hereMs, speed.thereMs, speed.gauge], [15, 10, "probe"]);
  const sameSpeed = { hereMs: 10, thereMs: 10 };
  const halfSpeed = { hereMs: 20, thereMs: 10 };
  assertEquals(speed.cells, new Map([["3x20", sameSpeed], ["5x20", halfSpeed]]));
  // The span over the cells and the whole benches: from the 3-host cell's 1 to the 5-host's 2.
  assertEquals(machineDriftRange(speed), { low: 1, high: 2 });
  assertEquals(machineDriftRange(undefined), { low: 1, high: 1 });
  const started = [{ ...fakeRun({ measured: { totalMs: 10 } }), durationMs: 500 }];
  assertEquals(compareMachineSpeed(here, started), undefined);
});

Deno.test("machineSpeedSentence speaks only past the tolerance, naming the slower bench", () => {
  const gauge = "probe" as const;
  assertEquals(machineSpeedSentence({ hereMs: 10, thereMs: 12, gauge }), undefined);
  assertEquals(machineSpeedSentence(undefined), undefined);
  const sentence = machineSpeedSentence({ hereMs: 7, thereMs: 17.5, gauge })!;
  assert(sentence.startsWith("The machine was 2.5x slower during the baseline"), sentence);
  assert(
    sentence.includes("after its measurements took 17.5 ms in the baseline and 7.0 ms here"),
    sentence,
  );
});
