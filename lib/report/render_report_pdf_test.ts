// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import type { ChartSpec } from "./chart_spec.ts";
import { renderChartSvg } from "./render_chart_svg.ts";
import { renderReportPdf } from "./render_report_pdf.ts";
import type { ChartBlock, ReportDocument, TableBlock } from "./report_document.ts";
import { ReportError } from "./report_error.ts";
import { ReportFontError } from "./report_fonts.ts";
import {
  countPageObjects,
  darkPixelsPerPage,
  latin1,
  pdfinfoPages,
  pdftotext,
  poppler,
  withPdfFile,
} from "./testdata/poppler.ts";

const CREATED_AT = new Date("2026-01-02T03:04:05Z");

function chartSpec(): ChartSpec {
  const point = (variant: string, x: number, y: number, low: number, high: number) => ({
    variant,
    hosts: 5,
    x,
    y,
    low,
    high,
    offset: variant === "default" ? -0.125 : 0.125,
  });
  return {
    id: "latency",
    title: "Latency chart",
    yLabel: "latency (ms)",
    variants: ["default", "states"],
    points: [
      point("default", 20, 10, 8, 12),
      point("default", 100, 30, 25, 40),
      point("states", 20, 14, 12, 15),
      point("states", 100, 33, 30, 36),
    ],
    samples: [{ variant: "states", hosts: 5, x: 20, y: 13, offset: 0.1 }],
    baseline: [],
    caption: "",
  };
}

function chart(): ChartBlock {
  return {
    kind: "chart",
    title: "Latency chart",
    svgFile: "bench-latency.svg",
    svg: renderChartSvg(chartSpec()),
  };
}

const TABLE: TableBlock = {
  kind: "table",
  header: ["hosts", "variant", "median (IQR)", "vs default"],
  rows: [
    ["5", "default", "938 (143)", "—"],
    ["10", "states", "1158 (31)", [{ text: "1.235 [0.968, 1.345]", strong: true }]],
  ],
  align: ["right", "left", "right", "right"],
};

/** One page: a title, a paragraph with a code span and a relative link, a list, a table, a chart. */
function smallDocument(): ReportDocument {
  return {
    title: "Bench report",
    blocks: [
      { kind: "heading", level: 1, text: "Bench report" },
      {
        kind: "paragraph",
        text: [
          { text: "Results in " },
          { text: "results/run-1/results.ndjson", code: true },
          { text: ", chart " },
          { text: "latency", href: "bench-latency.svg" },
          { text: "." },
        ],
      },
      { kind: "heading", level: 2, text: "What was run" },
      {
        kind: "list",
        ordered: true,
        items: [{ text: "Init hosts", children: ["with mock discovery"] }, { text: "Publish" }],
      },
      { kind: "heading", level: 3, text: "Active time" },
      TABLE,
      chart(),
    ],
  };
}

/** Charts 100 x 120: each is taller than half a page, so each takes a page of its own. */
function tallCharts(count: number): ReportDocument {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="120" ' +
    'viewBox="0 0 100 120"><rect x="10" y="10" width="80" height="100" fill="#345"/></svg>';
  return {
    title: "Tall",
    blocks: Array.from({ length: count }, (_, index) => ({
      kind: "chart",
      title: `tall ${index}`,
      svgFile: `tall-${index}.svg`,
      svg,
    })),
  };
}

/** A table of `rows` rows whose every row holds a two-line cell. */
function longTable(rows: number): ReportDocument {
  return {
    title: "Long",
    blocks: [{
      kind: "table",
      header: ["row", "figures"],
      rows: Array.from({ length: rows }, (_, index) => [String(index), `r${index}a\nr${index}b`]),
    }],
  };
}

Deno.test("renderReportPdf returns a PDF file from header to end-of-file marker", async () => {
  const pdf = await renderReportPdf(smallDocument(), { createdAt: CREATED_AT });
  assertEquals(latin1(pdf.subarray(0, 5)), "%PDF-");
  assertEquals(latin1(pdf.subarray(-6)).trimEnd(), "%%EOF");
});

Deno.test("renderReportPdf embeds the DejaVu fonts and uses no standard font", async () => {
  const raw = latin1(await renderReportPdf(smallDocument(), { createdAt: CREATED_AT }));
  const baseFonts = [...raw.matchAll(/\/BaseFont\s*\/([^\s/<>\[\]()]+)/g)].map((m) => m[1]);
  // Sans, Sans Bold (headings, strong, chart title) and Sans Mono (code), each a subset.
  assertEquals(
    [...new Set(baseFonts.map((name) => name.replace(/^[A-Z]{6}\+/, "")))].sort(),
    ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"],
  );
  assertEquals(raw.match(/\/FontFile2\b/g)?.length, 3);
  assert(!/Helvetica|Times|Courier|Symbol|ZapfDingbats/.test(raw), "a standard-14 font is used");
});

Deno.test("renderReportPdf puts headings and every table figure in the text layer", async () => {
  const text = await pdftotext(await renderReportPdf(smallDocument(), { createdAt: CREATED_AT }));
  for (const heading of ["Bench report", "What was run", "Active time"]) {
    assert(text.includes(heading), `heading "${heading}" missing from:\n${text}`);
  }
  for (const cell of [...TABLE.header, "5", "default", "938 (143)", "1158 (31)"]) {
    assert(text.includes(cell), `cell "${cell}" missing from:\n${text}`);
  }
  assert(text.includes("1.235 [0.968, 1.345]"), text);
  assert(text.includes("results/run-1/results.ndjson"), text);
  assert(/1\.\s+Init hosts/.test(text) && /–\s+with mock discovery/.test(text), text);
});

Deno.test("renderReportPdf draws a chart's SVG text as PDF text in the embedded font", async () => {
  const warnings: string[] = [];
  const pdf = await renderReportPdf({ title: "Chart", blocks: [chart()] }, {
    createdAt: CREATED_AT,
    onChartWarning: (message) => warnings.push(message),
  });
  const text = await pdftotext(pdf);
  for (
    const label of ["Latency chart", "↑ latency (ms)", "5 hosts", "default", "states"]
  ) {
    assert(text.includes(label), `chart text "${label}" missing from:\n${text}`);
  }
  // Only the chart has bold text (its title), so the bold face proves the font-weight mapping.
  const fonts = await withPdfFile(pdf, (path) => poppler("pdffonts", [path]));
  const names = fonts.split("\n").slice(2).filter((line) => line.trim() !== "")
    .map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, "")).sort();
  assertEquals(names, ["DejaVuSans", "DejaVuSans-Bold"]);
  assertEquals(warnings, []);
});

Deno.test("renderReportPdf keeps a relative link relative", async () => {
  const raw = latin1(await renderReportPdf(smallDocument(), { createdAt: CREATED_AT }));
  assert(raw.includes("/URI (bench-latency.svg)"), "no /URI action with the relative href");
  assertEquals(raw.match(/\/Subtype\s*\/Link/g)?.length, 1);
});

Deno.test("renderReportPdf gives a page to each chart taller than half a page", async () => {
  const pdf = await renderReportPdf(tallCharts(3), { createdAt: CREATED_AT });
  assertEquals(countPageObjects(pdf), 3);
  assertEquals(await pdfinfoPages(pdf), 3);
});

Deno.test("renderReportPdf numbers pages in the footer as page X of Y", async () => {
  const pdf = await renderReportPdf(tallCharts(3), { createdAt: CREATED_AT });
  for (const page of [1, 2, 3]) {
    const text = await pdftotext(pdf, { first: page, last: page });
    assertEquals(text.trim(), `page ${page} of 3`);
  }
});

Deno.test("renderReportPdf draws something on every page", async () => {
  const small = await darkPixelsPerPage(
    await renderReportPdf(smallDocument(), { createdAt: CREATED_AT }),
  );
  const tall = await darkPixelsPerPage(
    await renderReportPdf(tallCharts(2), { createdAt: CREATED_AT }),
  );
  assertEquals(small.length, 1);
  assertEquals(tall.length, 2);
  // The footer alone is a few dozen pixels; a page with content has thousands.
  for (const dark of [...small, ...tall]) assert(dark > 1000, `a blank page: ${dark} dark pixels`);
});

Deno.test("renderReportPdf repeats the header row on each page and never splits a row", async () => {
  const pdf = await renderReportPdf(longTable(120), { createdAt: CREATED_AT });
  const pages = countPageObjects(pdf);
  assert(pages >= 3, `120 rows of two lines need at least 3 pages, got ${pages}`);
  const seen = new Set<number>();
  for (let page = 1; page <= pages; page++) {
    const text = await pdftotext(pdf, { first: page, last: page });
    assert(/^\s*row\s+figures\s*$/m.test(text.split("\n")[0]), `page ${page} starts:\n${text}`);
    for (const match of text.matchAll(/\br(\d+)a\b/g)) {
      const row = Number(match[1]);
      assert(text.includes(`r${row}b`), `row ${row} is split after page ${page}`);
      seen.add(row);
    }
  }
  assertEquals(seen.size, 120);
});

Deno.test("renderReportPdf gives the same bytes for the same document and createdAt", async () => {
  const first = await renderReportPdf(smallDocument(), { createdAt: CREATED_AT });
  const second = await renderReportPdf(smallDocument(), { createdAt: CREATED_AT });
  assertEquals(first, second);
  const later = await renderReportPdf(smallDocument(), { createdAt: new Date(0) });
  assert(latin1(later) !== latin1(first), "createdAt is not in the file");
});

Deno.test("renderReportPdf writes the title and createdAt into the document info", async () => {
  const pdf = await renderReportPdf(smallDocument(), { createdAt: CREATED_AT });
  const info = await withPdfFile(pdf, (path) => poppler("pdfinfo", ["-isodates", path]));
  assert(/^Title:\s+Bench report$/m.test(info), info);
  assert(/^CreationDate:\s+2026-01-02T03:04:05(Z|\+00)/m.test(info), info);
});

Deno.test("renderReportPdf rejects a table row with the wrong number of cells", async () => {
  const document: ReportDocument = {
    title: "Broken",
    blocks: [{ kind: "table", header: ["a", "b", "c"], rows: [["1", "2", "3"], ["1", "2"]] }],
  };
  await rejects(renderReportPdf(document), {
    name: "ReportError",
    message: 'renderReportPdf: block 0 of "Broken" is a table whose row 1 has 2 cells, not 3; ' +
      "fix the document builder",
  });
});

Deno.test("renderReportPdf rejects a chart whose SVG has no size", async () => {
  const document: ReportDocument = {
    title: "Broken",
    blocks: [{ kind: "chart", title: "x", svgFile: "x.svg", svg: "<svg></svg>" }],
  };
  await rejects(renderReportPdf(document), (error: unknown) => {
    assert(error instanceof ReportError);
    assert(error.message.includes('chart "x.svg" whose <svg> has neither a viewBox nor a size'));
    return true;
  });
});

Deno.test("renderReportPdf rejects an invalid createdAt", async () => {
  await rejects(renderReportPdf(smallDocument(), { createdAt: new Date("nope") }), {
    name: "RangeError",
    message: "renderReportPdf: option createdAt must be a valid Date, got Invalid Date",
  });
});

Deno.test("renderReportPdf reports fonts it cannot find with ReportFontError", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(renderReportPdf(smallDocument(), { fontDir: dir }), (error: unknown) => {
      assert(error instanceof ReportFontError);
      assert(error.message.includes(`${dir}/DejaVuSans.ttf`), error.message);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `count` one-line paragraphs: each takes 14 pt and 6 pt after, so the cursor ends at 50 + 20 n. */
function filler(count: number): ReportDocument["blocks"] {
  return Array.from({ length: count }, (_, index) => ({
    kind: "paragraph",
    text: `filler ${index}`,
  }));
}

const SMALL_TABLE: TableBlock = {
  kind: "table",
  header: ["cell", "figure"],
  rows: [["first row", "1"], ["second row", "2"]],
};

/** The page (1-based) whose text has `text`, or 0. */
async function pageOf(pdf: Uint8Array, text: string): Promise<number> {
  const pages = countPageObjects(pdf);
  for (let page = 1; page <= pages; page++) {
    if ((await pdftotext(pdf, { first: page, last: page })).includes(text)) return page;
  }
  return 0;
}

Deno.test("renderReportPdf moves a table to the next page rather than leave its header at the foot", async () => {
  // The text area runs from 50 to 785.89 pt; a header and a row of one line take 2 x 17 pt.
  // After 35 fillers the cursor is at 750: 784 fits. After 36 it is at 770: 804 does not.
  const fits = await renderReportPdf({ title: "t", blocks: [...filler(35), SMALL_TABLE] });
  assertEquals([await pageOf(fits, "cell"), await pageOf(fits, "first row")], [1, 1]);
  const moved = await renderReportPdf({ title: "t", blocks: [...filler(36), SMALL_TABLE] });
  assertEquals(await pageOf(moved, "filler 35"), 1);
  assertEquals([await pageOf(moved, "cell"), await pageOf(moved, "first row")], [2, 2]);
});

Deno.test("renderReportPdf keeps a keep-with-next paragraph with the table header after it", async () => {
  const legend = (keepWithNext: boolean): ReportDocument => ({
    title: "t",
    blocks: [...filler(35), { kind: "paragraph", text: "the legend", keepWithNext }, SMALL_TABLE],
  });
  // At 750 the legend's line fits (764) but the table after it (770 + 34) does not.
  const alone = await renderReportPdf(legend(false));
  assertEquals([await pageOf(alone, "the legend"), await pageOf(alone, "cell")], [1, 2]);
  const kept = await renderReportPdf(legend(true));
  assertEquals([await pageOf(kept, "the legend"), await pageOf(kept, "cell")], [2, 2]);
  const page2 = (await pdftotext(kept, { first: 2, last: 2 })).trim().split("\n")
    .filter((line) => line.trim() !== "");
  assert(page2[0].includes("the legend") && /cell\s+figure/.test(page2[1]), page2.join("\n"));
});

Deno.test("renderReportPdf keeps a heading with its keep-with-next paragraph and table", async () => {
  // At 710: heading 12 + 18 + 6, legend 20, header and row 34: 800 does not fit.
  const pdf = await renderReportPdf({
    title: "t",
    blocks: [
      ...filler(33),
      { kind: "heading", level: 2, text: "Section heading" },
      { kind: "paragraph", text: "the legend", keepWithNext: true },
      SMALL_TABLE,
    ],
  });
  assertEquals(await pageOf(pdf, "filler 32"), 1);
  assertEquals(await pageOf(pdf, "Section heading"), 2);
  assertEquals(await pageOf(pdf, "cell"), 2);
});

Deno.test("renderReportPdf sets a chart's caption under it, on its page", async () => {
  const caption = "Each small dot is one counted run; the bar is the interquartile range.";
  const pdf = await renderReportPdf({
    title: "t",
    blocks: [
      ...filler(30),
      { kind: "heading", level: 2, text: "Latency" },
      { ...chart(), caption },
    ],
  });
  // The chart (about 250 pt) does not fit below 30 fillers: heading, chart and caption move.
  assertEquals(await pageOf(pdf, "Latency"), 2);
  assertEquals(await pageOf(pdf, "Latency chart"), 2);
  assertEquals(await pageOf(pdf, "interquartile range."), 2);
  const text = await pdftotext(pdf, { first: 2, last: 2 });
  assert(text.indexOf("latency (ms)") < text.indexOf("Each small dot"), text);
});

Deno.test("renderReportPdf shrinks a chart below a heading rather than leave the heading alone", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="150" ' +
    'viewBox="0 0 100 150"><rect width="100" height="150" fill="#345"/></svg>';
  const pdf = await renderReportPdf({
    title: "t",
    blocks: [
      { kind: "heading", level: 2, text: "Tall" },
      { kind: "chart", title: "tall", svgFile: "tall.svg", svg, caption: "Under the chart." },
    ],
  });
  assertEquals(countPageObjects(pdf), 1);
  assertEquals(await pageOf(pdf, "Under the chart."), 1);
});
