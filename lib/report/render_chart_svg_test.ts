// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { DOMParser } from "linkedom";
import type { ChartPoint, ChartSpec } from "./chart_spec.ts";
import { renderChartSvg } from "./render_chart_svg.ts";
import { seriesColors } from "./series_colors.ts";

const PYTHON = "/usr/bin/python3";

function point(variant: string, hosts: number, x: number, y: number, spread = true): ChartPoint {
  const base = { series: `${hosts} hosts · ${variant}`, variant, hosts, x, y };
  return spread ? { ...base, low: y - 1, high: y + 1 } : base;
}

/** Three series; "20 hosts · states" has one point without a spread. */
function spec(title = "Active time"): ChartSpec {
  return {
    id: "active-time",
    title,
    yLabel: "active time (ms)",
    points: [
      point("default", 10, 10, 100),
      point("default", 10, 50, 300),
      point("default", 20, 10, 200),
      point("default", 20, 50, 600),
      point("states", 20, 10, 400),
      point("states", 20, 50, 800, false),
    ],
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
  throws(() => checkWellFormed("<svg><g></svg>"));
  throws(() => checkWellFormed("<svg>a & b</svg>"));
  throws(() => checkWellFormed("<svg/><svg/>"));
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

Deno.test("renderChartSvg() draws one line per series in its colour", () => {
  const document = parse(renderChartSvg(spec()));
  const strokes = [...document.querySelectorAll('g[aria-label="line"] path')]
    .map((path) => path.getAttribute("stroke"));
  assertEquals(strokes, [...seriesColors(spec().points).values()]);
  assertEquals(strokes.length, 3);
});

Deno.test("renderChartSvg() draws a dot per point and a rule per point with a spread", () => {
  const document = parse(renderChartSvg(spec()));
  assertEquals(document.querySelectorAll('g[aria-label="dot"] circle').length, 6);
  assertEquals(document.querySelectorAll('g[aria-label="rule"] line').length, 5);
});

Deno.test("renderChartSvg() lists every series once in the legend, in order", () => {
  const document = parse(renderChartSvg(spec()));
  const entries = document.querySelectorAll("g.legend > g");
  assertEquals([...entries].map((entry) => entry.querySelector("text")!.textContent), [
    "10 hosts · default",
    "20 hosts · default",
    "20 hosts · states",
  ]);
  assertEquals(
    [...entries].map((entry) => entry.querySelector("line")!.getAttribute("stroke")),
    [...seriesColors(spec().points).values()],
  );
});

Deno.test("renderChartSvg() escapes the title", () => {
  const svg = renderChartSvg(spec("Heap & <RSS>"));
  assert(svg.includes("<title>Heap &amp; &lt;RSS&gt;</title>"));
  assert(!svg.includes("Heap & "));
  const document = parse(svg);
  assertEquals(document.querySelector("title")!.textContent, "Heap & <RSS>");
  assertEquals(document.querySelector("text.chart-title")!.textContent, "Heap & <RSS>");
});

Deno.test("renderChartSvg() labels the axes", () => {
  const texts = [...parse(renderChartSvg(spec())).querySelectorAll("text")]
    .map((text) => text.textContent);
  assert(texts.some((text) => text?.includes("messages")), "x label");
  assert(texts.some((text) => text?.includes("active time (ms)")), "y label");
});

Deno.test("renderChartSvg() says there is no data for a chart without points", () => {
  const svg = renderChartSvg({ ...spec(), points: [] });
  checkWellFormed(svg);
  const document = parse(svg);
  assertEquals(document.querySelector("text.no-data")!.textContent, "no data");
  assertEquals(document.querySelectorAll("g.legend > g").length, 0);
});

Deno.test("renderChartSvg() grows the document when the legend needs room", () => {
  const points = Array.from({ length: 20 }, (_, index) => point("default", index + 1, 1, 1));
  const root = parse(renderChartSvg({ ...spec(), points }, { height: 200 })).documentElement;
  // title 30 + legend offset 24 + 20 rows of 18
  assertEquals(root.getAttribute("height"), "414");
});

Deno.test("renderChartSvg() does not modify the spec", () => {
  const input = spec();
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
    ...parse(renderChartSvg({ ...spec(), points })).querySelectorAll(
      'g[aria-label="y-axis tick label"] text',
    ),
  ].map((text) => text.textContent);
  assertEquals(labels, ["0", "1", "2"]);
});
