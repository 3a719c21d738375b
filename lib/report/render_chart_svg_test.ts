// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { DOMParser } from "linkedom";
import type { ChartPoint, ChartSample, ChartSpec } from "./chart_spec.ts";
import { renderChartSvg } from "./render_chart_svg.ts";
import { markerPath, VARIANT_MARKERS, VARIANT_PALETTE } from "./variant_styles.ts";

const PYTHON = "/usr/bin/python3";

function point(variant: string, hosts: number, x: number, y: number, spread = true): ChartPoint {
  const base = { variant, hosts, x, y, offset: variant === "default" ? -0.125 : 0.125 };
  return spread ? { ...base, low: y - 1, high: y + 1 } : base;
}

function sample(variant: string, hosts: number, x: number, y: number): ChartSample {
  return { variant, hosts, x, y, offset: (variant === "default" ? -0.125 : 0.125) + y / 1000 };
}

/**
 * Two variants over two host counts: 6 medians (one without a spread), 7 samples, one baseline
 * median.
 */
function spec(title = "Active time"): ChartSpec {
  return {
    id: "active-time",
    title,
    yLabel: "active time (ms)",
    variants: ["default", "states"],
    points: [
      point("default", 10, 10, 100),
      point("default", 10, 50, 300),
      point("default", 20, 10, 200),
      point("default", 20, 50, 600),
      point("states", 20, 10, 400),
      point("states", 20, 50, 800, false),
    ],
    samples: [
      sample("default", 10, 10, 99),
      sample("default", 10, 10, 101),
      sample("default", 10, 50, 300),
      sample("default", 20, 10, 200),
      sample("default", 20, 50, 600),
      sample("states", 20, 10, 400),
      sample("states", 20, 50, 800),
    ],
    baseline: [],
    caption: "",
  };
}

function parse(svg: string) {
  return new DOMParser().parseFromString(svg, "image/svg+xml");
}

/**
 * A strict well-formedness check, since linkedom repairs what it cannot parse: every `<` starts a
 * complete tag, every `&` an entity, tags nest and close, and there is one root element.
 */
function checkWellFormed(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const stack: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < xml.length) {
    const next = xml.indexOf("<", index);
    const text = xml.slice(index, next === -1 ? xml.length : next);
    const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.exec(text);
    assert(entity === null, `bare & in text at ${index + (entity?.index ?? 0)}`);
    if (stack.length === 0) assert(text.trim() === "", `text outside the root at ${index}`);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(xml);
    assert(match !== null, `malformed tag at ${next}: ${xml.slice(next, next + 40)}`);
    const [whole, closing, name, attributes, selfClosing] = match;
    assert(
      !/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(attributes),
      `bare & in ${whole}`,
    );
    if (closing) {
      assert(stack.pop() === name, `</${name}> closes nothing open at ${next}`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    index = next + whole.length;
  }
  assertEquals(stack, [], "unclosed elements");
  assertEquals(roots, 1, "root elements");
}

Deno.test("renderChartSvg() gives well-formed XML", async (t) => {
  const svg = renderChartSvg(spec("A & B <c> \"d\" 'e'"));
  await t.step("by linkedom", () => {
    assertEquals(parse(svg).querySelector("parsererror"), null);
  });
  await t.step("by a strict tag and entity check", () => checkWellFormed(svg));
  let python = false;
  try {
    python = Deno.statSync(PYTHON).isFile;
  } catch {
    // no Python here: the strict check above still ran
  }
  await t.step({
    name: "by Python's xml.dom.minidom",
    ignore: !python,
    fn: async () => {
      const child = new Deno.Command(PYTHON, {
        args: ["-c", "import sys,xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read())"],
        stdin: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(svg));
      await writer.close();
      const { code, stderr } = await child.output();
      assertEquals(code, 0, new TextDecoder().decode(stderr));
    },
  });
});

Deno.test("checkWellFormed() rejects what linkedom accepts", () => {
  throws(() => checkWellFormed("<svg><g></svg>"), {
    name: "AssertionError",
    message: "</svg> closes nothing open at 8",
  });
  throws(() => checkWellFormed("<svg>a & b</svg>"), {
    name: "AssertionError",
    message: "bare & in text at 7",
  });
  throws(() => checkWellFormed("<svg/><svg/>"), {
    name: "AssertionError",
    message: /root elements/,
  });
  throws(() => checkWellFormed("<svg><g>"), {
    name: "AssertionError",
    message: /unclosed elements/,
  });
  checkWellFormed('<svg a="1"><g/>&amp;</svg>');
});

Deno.test("renderChartSvg() puts the SVG namespace, size and font on the root", () => {
  const svg = renderChartSvg(spec(), { width: 500, height: 300 });
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" '), svg.slice(0, 80));
  const root = parse(svg).documentElement;
  assertEquals(root.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
  assertEquals(root.getAttribute("width"), "500");
  assertEquals(root.getAttribute("height"), "300");
  assertEquals(root.getAttribute("viewBox"), "0 0 500 300");
  assertEquals(root.getAttribute("font-family"), "DejaVu Sans, sans-serif");
});

/** The drawn elements (circles or paths) of the marks with class `name` and variant `index`. */
function marks(svg: string, name: string, index?: number) {
  const selector = index === undefined ? `g.${name}` : `g.${name}.variant-${index}`;
  return [...parse(svg).querySelectorAll(selector)].flatMap((group) => [
    ...group.querySelectorAll("circle, path, line"),
  ]);
}

Deno.test("renderChartSvg() draws one dot per sample, in its variant's marker", () => {
  const svg = renderChartSvg(spec());
  assertEquals(marks(svg, "sample").length, 7);
  // default: circles; states: the triangle path.
  const defaults = marks(svg, "sample", 0);
  const states = marks(svg, "sample", 1);
  assertEquals(defaults.length, 5);
  assertEquals(states.length, 2);
  assert(defaults.every((element) => element.tagName.toLowerCase() === "circle"));
  // Small: radius 2.2 against the median's 4.5.
  assert(defaults.every((element) => element.getAttribute("r") === "2.2"));
  assert(states.every((element) => element.tagName.toLowerCase() === "path"));
  assertEquals(new Set(states.map((element) => element.getAttribute("d"))).size, 1);
  // Plot sets a constant fill on the mark's group (one per panel).
  const fills = [...parse(svg).querySelectorAll("g.sample.variant-0")].map((group) =>
    group.getAttribute("fill")
  );
  assertEquals([...new Set(fills)], [VARIANT_PALETTE[0]]);
});

Deno.test("renderChartSvg() draws one median marker per point, one shape per variant", () => {
  const svg = renderChartSvg(spec());
  const defaults = marks(svg, "median", 0);
  const states = marks(svg, "median", 1);
  assertEquals([defaults.length, states.length], [4, 2]);
  assert(defaults.every((element) => element.tagName.toLowerCase() === "circle"));
  assertEquals(defaults.map((element) => element.getAttribute("r")), ["4.5", "4.5", "4.5", "4.5"]);
  // The triangle covers the area of a circle of radius 4.5, like markerPath draws it.
  const triangle = markerPath(VARIANT_MARKERS[1], 4.5 * 4.5 * Math.PI);
  const drawn = states.map((element) => element.getAttribute("d")!);
  assertEquals(new Set(drawn).size, 1);
  const numbers = (path: string) => [...path.matchAll(/-?[\d.]+/g)].map((m) => Number(m[0]));
  const want = numbers(triangle);
  const got = numbers(drawn[0]);
  assertEquals(got.length, want.length);
  // Plot rounds its own way; within 0.01 px of ours.
  got.forEach((value, index) => assert(Math.abs(value - want[index]) <= 0.011, drawn[0]));
});

Deno.test("renderChartSvg() draws an IQR bar per point with a spread, in distinct places", () => {
  const svg = renderChartSvg(spec());
  assertEquals(marks(svg, "iqr").length, 5);
  // At 20 hosts x 10 msgs both variants have a bar: dodged, so never at the same x in a panel
  // (each panel has its own coordinates, so compare the sets of x of the two variants).
  const xs = (index: number) => marks(svg, "iqr", index).map((line) => line.getAttribute("x1"));
  assertEquals(xs(0).length, 4);
  assertEquals(xs(1).length, 1);
  assert(!xs(0).includes(xs(1)[0]), `states' bar at ${xs(1)} is on one of default's: ${xs(0)}`);
});

Deno.test("renderChartSvg() joins each variant's medians with its own dash", () => {
  const document = parse(renderChartSvg(spec()));
  const dashOf = (index: number) =>
    [...document.querySelectorAll(`g.median-line.variant-${index}`)].map((group) =>
      group.getAttribute("stroke-dasharray")
    );
  // A group per panel the variant has a line in; default solid, states "7 3".
  assertEquals(dashOf(0), [null, null]);
  assertEquals(dashOf(1), ["7 3"]);
  // default has two panels with two medians each: a path per panel.
  assertEquals(document.querySelectorAll("g.median-line.variant-0 path").length, 2);
});

Deno.test("renderChartSvg() labels one panel per host count", () => {
  const labels = [...parse(renderChartSvg(spec())).querySelectorAll("g.panel-label text")]
    .map((text) => text.textContent);
  assertEquals(labels, ["10 hosts", "20 hosts"]);
});

Deno.test("renderChartSvg() wraps panels onto more rows when a row is too narrow", () => {
  const points = [2, 3, 4, 5, 6, 7].flatMap((hosts) =>
    [10, 20, 30, 40, 50].flatMap((msgs) => [point("default", hosts, msgs, 1)])
  );
  const one = parse(renderChartSvg({ ...spec(), variants: ["default"], points, samples: [] }));
  // 6 panels of 5 counts, 28 px a count with one variant: 140 px a panel; the frame of a
  // 720 - 110 = 610 px plot is 610 - 64 - 16 = 530 px: 3 panels a row, 2 rows.
  assertEquals(one.querySelectorAll("g.panel-label text").length, 6);
  // One row is 330 px of plot; each further row adds 210 + 34.
  assertEquals(one.documentElement.getAttribute("height"), String(30 + 330 + 244));
  const panelTops = [...one.querySelectorAll("g.panel-label")].map((group) =>
    /translate\([^,]+,([^)]+)\)/.exec(group.getAttribute("transform") ?? "")?.[1]
  );
  assertEquals(new Set(panelTops).size, 2, `panel rows at ${panelTops}`);
  // Two variants need twice the room: one panel a row, 6 rows.
  const two = parse(renderChartSvg({ ...spec(), points, samples: [] }));
  assertEquals(two.documentElement.getAttribute("height"), String(30 + 330 + 5 * 244));
});

Deno.test("renderChartSvg() lists every variant once in the legend, with marker and dash", () => {
  const document = parse(renderChartSvg(spec()));
  const entries = [...document.querySelectorAll("g.legend > g")];
  assertEquals(entries.map((entry) => entry.querySelector("text")!.textContent), [
    "default",
    "states",
  ]);
  assertEquals(
    entries.map((entry) => entry.querySelector("line")!.getAttribute("stroke")),
    VARIANT_PALETTE.slice(0, 2),
  );
  assertEquals(entries[0].querySelector("line")!.getAttribute("stroke-dasharray"), null);
  assertEquals(entries[1].querySelector("line")!.getAttribute("stroke-dasharray"), "7 3");
  assert(entries[0].querySelector("circle"), "default's circle");
  assertEquals(
    entries[1].querySelector("path")!.getAttribute("d"),
    markerPath(VARIANT_MARKERS[1], 4.5 * 4.5 * Math.PI),
  );
});

Deno.test("renderChartSvg() draws the baseline's medians as dashed ticks, with a legend entry", () => {
  const baseline = [point("default", 10, 10, 90), point("states", 20, 50, 700)];
  const svg = renderChartSvg({ ...spec(), baseline });
  assertEquals(marks(svg, "baseline").length, 2);
  const group = parse(svg).querySelector("g.baseline.variant-0")!;
  assertEquals(group.getAttribute("stroke-dasharray"), "3 2");
  const legend = [...parse(svg).querySelectorAll("g.legend > g text")].map((text) =>
    text.textContent
  );
  assertEquals(legend, ["default", "states", "baseline median"]);
  assertEquals(marks(renderChartSvg(spec()), "baseline").length, 0);
});

Deno.test("renderChartSvg() escapes the title", () => {
  const svg = renderChartSvg(spec("Heap & <RSS>"));
  assert(svg.includes("<title>Heap &amp; &lt;RSS&gt;</title>"));
  assert(!svg.includes("Heap & "));
  const document = parse(svg);
  assertEquals(document.querySelector("title")!.textContent, "Heap & <RSS>");
  assertEquals(document.querySelector("text.chart-title")!.textContent, "Heap & <RSS>");
});

Deno.test("renderChartSvg() leaves the title line out on request, keeping the <title>", () => {
  const svg = renderChartSvg(spec("Active time"), { title: false });
  const document = parse(svg);
  assertEquals(document.querySelector("text.chart-title"), null);
  assertEquals(document.querySelector("title")!.textContent, "Active time");
  assertEquals(svg.split("Active time").length - 1, 2, "in <title> and aria-label only");
  // The title line's 30 px are not kept.
  assertEquals(document.documentElement.getAttribute("height"), "330");
});

Deno.test("renderChartSvg() labels the axes", () => {
  const texts = [...parse(renderChartSvg(spec())).querySelectorAll("text")]
    .map((text) => text.textContent);
  assert(texts.some((text) => text?.includes("messages")), "x label");
  assert(texts.some((text) => text?.includes("active time (ms)")), "y label");
  // x ticks name the message counts, not their positions.
  const ticks = [
    ...parse(renderChartSvg(spec())).querySelectorAll(
      'g[aria-label="x-axis tick label"] text',
    ),
  ].map((text) => text.textContent);
  assertEquals([...new Set(ticks)], ["10", "50"]);
});

Deno.test("renderChartSvg() says there is no data for a chart without points", () => {
  const svg = renderChartSvg({ ...spec(), variants: [], points: [], samples: [] });
  checkWellFormed(svg);
  const document = parse(svg);
  assertEquals(document.querySelector("text.no-data")!.textContent, "no data");
  assertEquals(document.querySelectorAll("g.legend > g").length, 0);
});

Deno.test("renderChartSvg() grows the document when the legend needs room", () => {
  const variants = Array.from({ length: 20 }, (_, index) => `v${index}`);
  const points = variants.map((variant) => ({ ...point(variant, 5, 1, 1), offset: 0 }));
  const root = parse(renderChartSvg({ ...spec(), variants, points, samples: [] }, { height: 200 }))
    .documentElement;
  // title 30 + legend offset 24 + 20 rows of 18
  assertEquals(root.getAttribute("height"), "414");
});

Deno.test("renderChartSvg() does not modify the spec", () => {
  const input = { ...spec(), baseline: [point("default", 10, 10, 90)] };
  const before = structuredClone(input);
  renderChartSvg(input);
  assertEquals(input, before);
});

Deno.test("renderChartSvg() rejects a width or height too small", () => {
  throws(() => renderChartSvg(spec(), { width: 100 }), {
    name: "RangeError",
    message: "renderChartSvg: option width must be a finite number >= 320 (pixels), got 100",
  });
  throws(() => renderChartSvg(spec(), { height: Number.NaN }), {
    name: "RangeError",
    message: "renderChartSvg: option height must be a finite number >= 160 (pixels), got NaN",
  });
});

Deno.test("renderChartSvg() ticks small counts at whole numbers", () => {
  const points = [point("default", 10, 10, 0, false), point("default", 10, 50, 2, false)];
  const labels = [
    ...parse(renderChartSvg({ ...spec(), points, samples: [] })).querySelectorAll(
      'g[aria-label="y-axis tick label"] text',
    ),
  ].map((text) => text.textContent);
  assertEquals(labels, ["0", "1", "2"]);
});
