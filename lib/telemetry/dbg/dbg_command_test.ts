// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, rejects, strictEqual } from "node:assert/strict";
import { JournalError } from "../journal_error.ts";
import { dbgCommand, findNewestJournal } from "./dbg_command.ts";
import { DbgError } from "./dbg_error.ts";
import { writeSampleJournal } from "./testdata/journal_fixtures.ts";

async function withTempDir(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dbg_command_test_" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs dbgCommand until `visit` has seen the served page, then stops it like Ctrl-C would. */
async function serveWhile(
  args: string[],
  resultsRoot: string,
  visit: (url: string) => Promise<void>,
): Promise<number> {
  const controller = new AbortController();
  let visited: Promise<void> = Promise.resolve();
  const code = dbgCommand(args, {
    signal: controller.signal,
    resultsRoot,
    onListen: (url) => {
      visited = visit(url).finally(() => controller.abort());
    },
  });
  const result = await code;
  await visited;
  return result;
}

Deno.test("dbgCommand --help prints the usage and exits 0", async () => {
  strictEqual(await dbgCommand(["--help"]), 0);
});

Deno.test("dbgCommand rejects a bad --port, two files and unknown flags", async () => {
  await rejects(
    dbgCommand(["--port", "80x"]),
    (error: unknown) =>
      error instanceof DbgError &&
      error.message ===
        'dbg: --port must be an integer from 0 to 65535 (0: any free port), got "80x"',
  );
  await rejects(
    dbgCommand(["a.ndjson", "b.ndjson"]),
    (error: unknown) =>
      error instanceof DbgError &&
      error.message === "dbg: one journal file at most, got 2: a.ndjson b.ndjson",
  );
  await rejects(
    dbgCommand(["--bogus"]),
    (error: unknown) =>
      error instanceof DbgError && error.message.startsWith("dbg: ") &&
      error.message.includes("--bogus") && error.message.endsWith("(see --help)"),
  );
});

Deno.test("dbgCommand refuses a file that is not a journal before serving it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/results.ndjson`, '{"run":1}\n');
    await rejects(
      dbgCommand([`${dir}/results.ndjson`]),
      (error: unknown) =>
        error instanceof JournalError &&
        error.message.startsWith(`cannot read journal "${dir}/results.ndjson", line 1: `),
    );
  });
});

Deno.test("dbgCommand serves the newest journal under the results root until stopped", async () => {
  await withTempDir(async (root) => {
    await Deno.mkdir(`${root}/b1`);
    await Deno.mkdir(`${root}/b2`);
    await writeSampleJournal(`${root}/b1/journal-old.ndjson`);
    await writeSampleJournal(`${root}/b2/journal-new.ndjson`);
    await Deno.utime(`${root}/b1/journal-old.ndjson`, 1, 1_000);
    const expected = await Deno.readTextFile(`${root}/b2/journal-new.ndjson`);
    const code = await serveWhile(["--no-open"], root, async (url) => {
      assert(url.startsWith("http://127.0.0.1:"), url);
      const page = await fetch(url);
      strictEqual(page.status, 200);
      assert((await page.text()).includes("<title>State-machine history</title>"));
      const journal = await fetch(`${url}journal`);
      strictEqual(journal.headers.get("x-journal-name"), "journal-new.ndjson");
      strictEqual(await journal.text(), expected);
    });
    strictEqual(code, 0);
  });
});

Deno.test("findNewestJournal picks the newest journal*.ndjson one folder down", async () => {
  await withTempDir(async (root) => {
    strictEqual(await findNewestJournal(`${root}/missing`), undefined);
    strictEqual(await findNewestJournal(root), undefined);
    await Deno.mkdir(`${root}/b1`);
    await Deno.mkdir(`${root}/b2`);
    await Deno.writeTextFile(`${root}/b1/journal-1.ndjson`, "");
    await Deno.writeTextFile(`${root}/b2/journal-2.ndjson`, "");
    await Deno.writeTextFile(`${root}/b2/results.ndjson`, "");
    await Deno.utime(`${root}/b1/journal-1.ndjson`, 2_000, 2_000);
    await Deno.utime(`${root}/b2/journal-2.ndjson`, 1_000, 1_000);
    await Deno.utime(`${root}/b2/results.ndjson`, 3_000, 3_000);
    strictEqual(await findNewestJournal(root), `${root}/b1/journal-1.ndjson`);
  });
});

Deno.test("findNewestJournal finds a traced run's journal in a bench's traces folder", async () => {
  await withTempDir(async (root) => {
    await Deno.mkdir(`${root}/b1/traces`, { recursive: true });
    await Deno.writeTextFile(`${root}/b1/journal-1.ndjson`, "");
    await Deno.writeTextFile(`${root}/b1/traces/h5-m20-states-t0.journal.ndjson`, "");
    await Deno.writeTextFile(`${root}/b1/traces/h5-m20-states-t0.otlp.json`, "");
    await Deno.utime(`${root}/b1/journal-1.ndjson`, 1_000, 1_000);
    await Deno.utime(`${root}/b1/traces/h5-m20-states-t0.journal.ndjson`, 2_000, 2_000);
    await Deno.utime(`${root}/b1/traces/h5-m20-states-t0.otlp.json`, 3_000, 3_000);
    strictEqual(
      await findNewestJournal(root),
      `${root}/b1/traces/h5-m20-states-t0.journal.ndjson`,
    );
  });
});
