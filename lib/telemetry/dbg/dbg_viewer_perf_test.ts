// How the viewer copes with a large journal: prints its timings (a timed assertion would fail on
// a busy CI machine without telling anything new), asserts that the page works and that only the
// rows around the visible part of the log exist, however long the journal.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, strictEqual } from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { readJournal } from "../read_journal.ts";
import { type DbgServer, startDbgServer } from "./dbg_server.ts";
import { writeLargeJournal } from "./testdata/journal_fixtures.ts";
import { launchChromium } from "./testdata/launch_chromium.ts";

const TRANSITIONS = 100_000;
const MACHINES = 120;

/** The bit of the DOM the predicates below use (the tests are type-checked without the DOM lib). */
interface _Window {
  document: { getElementById(id: string): { textContent: string | null } | null };
}

/** Log row height and rows drawn past each edge of the visible part, as in dbg_page.js. */
const ROW_PX = 20;
const OVERSCAN = 10;

interface _LogElement {
  clientHeight: number;
  querySelectorAll(selector: string): { length: number };
}

/**
 * Asserts that the log holds at least the rows that fill its visible height and at most those
 * plus the overscan on both sides (and one for a partly visible row): a list that drew every
 * transition would hold 100k. Returns the count.
 */
async function assertOnlyVisibleRows(page: Page): Promise<number> {
  const { height, rows } = await page.evaluate(() => {
    const log = (globalThis as unknown as {
      document: { getElementById(id: string): _LogElement };
    }).document.getElementById("log");
    return { height: log.clientHeight, rows: log.querySelectorAll(".row").length };
  });
  const visible = Math.ceil(height / ROW_PX);
  assert(visible > 0, `the log is ${height} px high`);
  assert(
    rows >= visible && rows <= visible + 1 + 2 * OVERSCAN,
    `${rows} log rows in the DOM for ${height} px (${visible} visible rows, overscan ${OVERSCAN})`,
  );
  return rows;
}

/** Milliseconds from `action` until the position text changes and starts with `expected`. */
async function timeUntilPosition(
  page: Page,
  action: () => Promise<void>,
  expected: string,
): Promise<number> {
  const before = (await page.textContent("#position")) ?? "";
  const startedAt = performance.now();
  await action();
  await page.waitForFunction(
    ([before, expected]) => {
      const now = (globalThis as unknown as _Window).document.getElementById("position")
        ?.textContent ?? "";
      return now !== before && now.startsWith(expected);
    },
    [before, expected],
  );
  return performance.now() - startedAt;
}

Deno.test("viewer loads a 100k-transition, 120-machine journal and jumps to its end (prints figures)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dbg_perf_test_" });
  const path = `${dir}/journal-large.ndjson`;
  let server: DbgServer | undefined;
  let browser: Browser | undefined;
  try {
    const { writeMs } = await writeLargeJournal(path, {
      transitions: TRANSITIONS,
      machines: MACHINES,
    });
    const fileBytes = (await Deno.stat(path)).size;
    const readStartedAt = performance.now();
    const journal = await readJournal(path);
    const readMs = performance.now() - readStartedAt;
    strictEqual(journal.transitions.length, TRANSITIONS);

    server = await startDbgServer({ port: 0, journalPath: path });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const loadStartedAt = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
    const loadMs = performance.now() - loadStartedAt;
    const parseMs = Number(await page.getAttribute("body", "data-load-ms"));
    const fetchMs = Number(await page.getAttribute("body", "data-fetch-ms"));
    strictEqual(await page.locator("#machines li").count(), MACHINES);
    // Only the visible rows of the log exist.
    const rows = await assertOnlyVisibleRows(page);

    const endMs = await timeUntilPosition(
      page,
      () => page.click("#step-last"),
      `${TRANSITIONS} / ${TRANSITIONS}`,
    );
    await assertOnlyVisibleRows(page);
    const startMs = await timeUntilPosition(page, () => page.click("#step-first"), "1 / ");
    await page.click('#machines li[data-index="7"]');
    await page.click('#tree li[data-path="red.wait"]');
    const touchMs = await timeUntilPosition(
      page,
      () => page.click("#jump-next-state"),
      "",
    );
    const filterStartedAt = performance.now();
    await page.fill("#filter-event", "reset");
    await page.waitForFunction(() =>
      (globalThis as unknown as _Window).document.getElementById("filter-count")?.textContent
        ?.endsWith("match")
    );
    const filterMs = performance.now() - filterStartedAt;

    console.log(
      [
        `journal: ${TRANSITIONS} transitions of ${MACHINES} machines, ${
          (fileBytes / 1e6).toFixed(1)
        } MB, written through xstate + journal in ${writeMs.toFixed(0)} ms`,
        `readJournal (zod-validated): ${readMs.toFixed(0)} ms`,
        `page load until ready: ${loadMs.toFixed(0)} ms ` +
        `(fetch ${fetchMs} ms, parse + index ${parseMs} ms in the page)`,
        `log rows in the DOM: ${rows}`,
        `jump to the end: ${endMs.toFixed(0)} ms · back to the start: ${startMs.toFixed(0)} ms`,
        `next transition touching a state: ${touchMs.toFixed(0)} ms`,
        `event filter over all transitions (incl. ${150} ms typing pause): ${
          filterMs.toFixed(0)
        } ms`,
      ].join("\n"),
    );
  } finally {
    await browser?.close();
    await server?.close();
    await Deno.remove(dir, { recursive: true });
  }
});
