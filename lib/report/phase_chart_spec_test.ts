// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DOMParser } from "linkedom";
import { summarizeResults } from "../bench/mod.ts";
import { fakeRun } from "../bench/testdata/run_fixtures.ts";
import { buildPhaseChart } from "./phase_chart_spec.ts";
import { PHASE_FILLS, renderPhaseChartSvg } from "./render_phase_chart_svg.ts";

function phases(init: number, subscribe: number, first: number, random: number, stop: number) {
  return {
    phasesMs: { init, subscribe, firstMessage: first, randomMessages: random, stop },
  };
}

/** default at 5 hosts (2 runs) and 10 hosts, states at 5 hosts; one failed run, one warm-up. */
function runs() {
  return [
    fakeRun({ hosts: 10, measured: phases(50, 60, 70, 80, 9) }),
    fakeRun({ variant: "states", measured: phases(11, 21, 31, 41, 5) }),
    fakeRun({ measured: phases(10, 20, 30, 40, 5) }),
    fakeRun({ measured: phases(12, 22, 32, 42, 7) }),
    fakeRun({ warmup: true, measured: phases(999, 999, 999, 999, 999) }),
    fakeRun({ ok: false, failure: "crash" }),
  ];
}

Deno.test("buildPhaseChart() stacks each phase's median in the order the phases run", () => {
  const chart = buildPhaseChart(summarizeResults(runs()));
  assertEquals(chart.phases, ["init", "subscribe", "first message", "random messages", "stop"]);
  // default at 5 hosts: medians of (10, 12) = 11, (20, 22) = 21, 31, 41, 6.
  assertEquals(chart.bars[0], {
    hosts: 5,
    msgs: 20,
    variant: "default",
    segments: [
      { phase: "init", startMs: 0, endMs: 11 },
      { phase: "subscribe", startMs: 11, endMs: 32 },
      { phase: "first message", startMs: 32, endMs: 63 },
      { phase: "random messages", startMs: 63, endMs: 104 },
      { phase: "stop", startMs: 104, endMs: 110 },
    ],
  });
  // Bars by hosts, then messages, then variant in order of appearance (default came first).
  assertEquals(chart.bars.map((bar) => `${bar.hosts} ${bar.variant}`), [
    "5 default",
    "5 states",
    "10 default",
  ]);
  assertEquals(chart.bars[2].segments.at(-1), { phase: "stop", startMs: 260, endMs: 269 });
});

Deno.test("buildPhaseChart() leaves out a cell no run measured, and phases no run measured", () => {
  const chart = buildPhaseChart(summarizeResults([
    fakeRun({ ok: false, failure: "crash" }),
    fakeRun({ variant: "states", measured: { phasesMs: undefined } }),
  ]));
  assertEquals(chart.bars, []);
  assertEquals(buildPhaseChart([]).bars, []);
});

Deno.test("renderPhaseChartSvg() draws a segment per phase and cell, dark to light", () => {
  const svg = renderPhaseChartSvg(buildPhaseChart(summarizeResults(runs())), { title: false });
  const document = new DOMParser().parseFromString(svg, "image/svg+xml");
  const bars = [...document.querySelectorAll("g.phase rect")];
  assertEquals(bars.length, 15);
  const fills = [...new Set(bars.map((bar) => bar.getAttribute("fill")))];
  assertEquals(fills, PHASE_FILLS);
  const labels = [...document.querySelectorAll("g.panel-label text")].map((text) =>
    text.textContent
  );
  assertEquals(labels, ["5 hosts", "10 hosts"]);
  const legend = [...document.querySelectorAll("g.legend text")].map((text) => text.textContent);
  assertEquals(legend, ["init", "subscribe", "first message", "random messages", "stop"]);
  assertEquals(document.querySelector("text.chart-title"), null);
});

Deno.test("PHASE_FILLS get lighter phase by phase, so grayscale keeps them apart", () => {
  const luminance = (hex: string) =>
    [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16))
      .reduce((sum, channel, index) => sum + channel * [0.2126, 0.7152, 0.0722][index], 0);
  const levels = PHASE_FILLS.map(luminance);
  for (let index = 1; index < levels.length; index++) {
    assert(levels[index] - levels[index - 1] > 20, `${PHASE_FILLS} luminance ${levels}`);
  }
});
