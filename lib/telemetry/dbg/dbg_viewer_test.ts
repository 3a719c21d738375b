// The viewer page in real headless Chromium (Debian's /usr/bin/chromium, via playwright-core).
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { type DbgServer, startDbgServer } from "./dbg_server.ts";
import { launchChromium } from "./testdata/launch_chromium.ts";
import {
  MARKUP_EVENT,
  MARKUP_MACHINE_ID,
  writeSampleJournal,
} from "./testdata/journal_fixtures.ts";

interface Viewer {
  page: Page;
  /** Dialogs the page opened (an injected alert() would land here). */
  dialogs: string[];
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
}

/** Runs `test` against the viewer serving the sample journal (or none); closes everything. */
async function withViewer(
  options: { journal: boolean },
  test: (viewer: Viewer, journalPath: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dbg_viewer_test_" });
  const journalPath = `${dir}/journal-sample.ndjson`;
  await writeSampleJournal(journalPath);
  let server: DbgServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startDbgServer({
      port: 0,
      journalPath: options.journal ? journalPath : undefined,
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const viewer: Viewer = { page, dialogs: [], pageErrors: [] };
    page.on("dialog", (dialog) => {
      viewer.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => viewer.pageErrors.push(String(error)));
    await page.goto(server.url);
    await page.waitForSelector(`body[data-state="${options.journal ? "ready" : "empty"}"]`);
    await test(viewer, journalPath);
    assertEquals(viewer.dialogs, []);
    assertEquals(viewer.pageErrors, []);
  } finally {
    await browser?.close();
    await server?.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** The state tree as shown: path, counter text, whether highlighted as active. */
function tree(page: Page): Promise<Array<[string, string, boolean]>> {
  return page.$$eval("#tree li", (items) =>
    items.map((item) =>
      [
        item.getAttribute("data-path") ?? "",
        item.querySelector(".counter")?.textContent ?? "",
        item.classList.contains("active"),
      ] as [string, string, boolean]
    ));
}

/** The bit of the DOM the predicates below use (the tests are type-checked without the DOM lib). */
interface _Window {
  document: { getElementById(id: string): { textContent: string | null } | null };
}

/** Filters apply after a short pause in typing: wait for their count to show. */
async function waitForFilterCount(page: Page, count: string): Promise<void> {
  // A function, not a string: the page's CSP forbids evaluating strings.
  await page.waitForFunction(
    (expected) =>
      (globalThis as unknown as _Window).document.getElementById("filter-count")
        ?.textContent === expected,
    count,
  );
}

function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => element.textContent ?? "");
}

Deno.test("viewer shows a machine named with markup as text, and runs none of it", async () => {
  await withViewer({ journal: true }, async ({ page }) => {
    const names = await page.$$eval(
      "#machines li .name",
      (items) => items.map((item) => item.textContent),
    );
    assertEquals(names, ["crossing", MARKUP_MACHINE_ID, "host0/discovery"]);
    strictEqual(await page.locator("img").count(), 0);
    strictEqual(await page.locator("b").count(), 0);
    // One script element: the page's own module.
    strictEqual(await page.locator("script").count(), 1);
    const events = await page.$$eval(
      "#log .row:not([hidden]) .event",
      (cells) => cells.map((cell) => cell.textContent),
    );
    assert(events.includes(MARKUP_EVENT), `log events: ${events.join(" | ")}`);
  });
});

Deno.test("viewer steps a selected machine's timeline forward and back", async () => {
  await withViewer({ journal: true }, async ({ page }) => {
    await page.click('#machines li[data-index="0"]');
    strictEqual(await text(page, "#machine-title"), "crossing");
    await page.check("#filter-selected");
    // crossing's transitions are seq 1, 3, 5, 7, 8, 9, 10, 16.
    strictEqual(await text(page, "#position"), "1 / 8 · seq 1");
    assertEquals(await tree(page), [
      ["green", "1", true],
      ["yellow", "0", false],
      ["red", "0", false],
      ["red.walk", "0", false],
      ["red.wait", "0", false],
    ]);
    for (let i = 0; i < 4; i++) await page.click("#step-next");
    strictEqual(await text(page, "#position"), "5 / 8 · seq 8");
    strictEqual(await text(page, '#detail dd[data-field="event"]'), "RESET");
    assertEquals(await tree(page), [
      ["green", "1", false],
      ["yellow", "1", false],
      ["red", "2", true],
      ["red.walk", "2", true],
      ["red.wait", "1", false],
    ]);
    await page.click("#step-prev");
    strictEqual(await text(page, "#position"), "4 / 8 · seq 7");
    assertEquals(await tree(page), [
      ["green", "1", false],
      ["yellow", "1", false],
      ["red", "1", true],
      ["red.walk", "1", false],
      ["red.wait", "1", true],
    ]);
    // The keyboard steps too.
    await page.locator("#log").focus();
    await page.keyboard.press("ArrowRight");
    strictEqual(await text(page, "#position"), "5 / 8 · seq 8");
    await page.keyboard.press("End");
    strictEqual(await text(page, "#position"), "8 / 8 · seq 16");
    strictEqual(await text(page, '#detail dd[data-field="status"]'), "stopped");
  });
});

Deno.test("viewer jumps to the next and previous transition touching a selected state", async () => {
  await withViewer({ journal: true }, async ({ page }) => {
    await page.click('#machines li[data-index="0"]');
    await page.click('#tree li[data-path="red.walk"]');
    strictEqual(await text(page, "#selected-state"), "red.walk");
    await page.click("#jump-next-state");
    strictEqual(await text(page, "#position"), "5 / 18 · seq 5");
    await page.click("#jump-next-state");
    strictEqual(await text(page, "#position"), "7 / 18 · seq 7");
    await page.click("#jump-next-state");
    strictEqual(await text(page, "#position"), "8 / 18 · seq 8");
    await page.click("#jump-prev-state");
    strictEqual(await text(page, "#position"), "7 / 18 · seq 7");
    await page.click('#tree li[data-path="green"]');
    await page.click("#jump-next-state");
    strictEqual(await text(page, "#position"), "9 / 18 · seq 9");
    strictEqual(await text(page, '#detail dd[data-field="after"]'), "green");
  });
});

Deno.test("viewer filters the log by event", async () => {
  await withViewer({ journal: true }, async ({ page }) => {
    await page.fill("#filter-event", "hurry");
    await waitForFilterCount(page, "1 match");
    const rows = await page.$$eval("#log .row:not([hidden])", (items) =>
      items.map((item) => [
        item.querySelector(".seq")?.textContent,
        item.querySelector(".event")?.textContent,
      ]));
    assertEquals(rows, [["7", "HURRY"]]);
    // Spare rows of the log's pool are not shown.
    strictEqual(await page.locator("#log .row:visible").count(), 1);
    strictEqual(await text(page, "#position"), "1 / 1 · seq 7");
    await page.fill("#filter-event", "");
    await waitForFilterCount(page, "");
    strictEqual(await text(page, "#position"), "7 / 18 · seq 7");
  });
});

Deno.test("viewer opens a journal chosen with the file input", async () => {
  await withViewer({ journal: false }, async ({ page }, journalPath) => {
    assert((await text(page, "#status")).startsWith("No journal given"));
    await page.setInputFiles("#file-input", journalPath);
    await page.waitForSelector('body[data-state="ready"]');
    assert(
      (await text(page, "#journal-info")).startsWith("journal-sample.ndjson · run sample"),
      await text(page, "#journal-info"),
    );
    strictEqual(await page.locator("#machines li").count(), 3);
  });
});
