// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  rejects,
  strictEqual,
} from "node:assert/strict";
import { appendResult, parseResults, readResults, ResultsFileError } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { TEST_MEASUREMENTS, TEST_SCENARIO, TEST_VARIANT_SPEC } from "./testdata/run_fixtures.ts";

/** A minimal but complete run result; `key` tells two apart. */
function result(key: string): RunResult {
  return {
    schema: 1,
    key,
    benchId: "bench-1",
    cell: { hosts: 2, msgs: 5, variant: "default" },
    iteration: 0,
    warmup: false,
    seed: 7,
    ok: true,
    startedAt: "2024-01-01T00:00:00.000Z",
    durationMs: 12,
    variantSpec: TEST_VARIANT_SPEC,
    scenario: TEST_SCENARIO,
    environment: {
      deno: "2.0.0",
      v8: "12.0",
      typescript: "5.6",
      os: "linux",
      cpuModel: "test cpu",
      cpuCount: 1,
      memoryBytes: 1024,
      gitCommit: "abc",
      packages: {},
    },
    ...TEST_MEASUREMENTS,
  };
}

/** Runs `fn` with a fresh temporary folder, removed afterwards whatever happens. */
async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "results_store_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("parseResults reads nothing from an empty text", () => {
  assertEquals(parseResults(""), { results: [], skipped: [] });
});

Deno.test("parseResults reads one result per line and ignores blank lines", () => {
  const text = `${JSON.stringify(result("a"))}\n\n  \n${JSON.stringify(result("b"))}\n`;
  assertEquals(parseResults(text), { results: [result("a"), result("b")], skipped: [] });
});

Deno.test("parseResults skips a cut-off last line and says on which line", () => {
  const whole = JSON.stringify(result("a"));
  const cut = JSON.stringify(result("b")).slice(0, 40);
  assertEquals(parseResults(`${whole}\n${cut}`), {
    results: [result("a")],
    skipped: [{ line: 2, reason: "not JSON (cut off?)" }],
  });
});

Deno.test("parseResults skips JSON that is not a run result, with line and reason", () => {
  const { schema: _schema, ...noSchema } = result("x");
  const { key: _key, ...noKey } = result("x");
  const { ok: _ok, ...noOk } = result("x");
  const lines = [
    "42",
    "null",
    JSON.stringify({ ...result("x"), schema: 2 }),
    JSON.stringify(noSchema),
    JSON.stringify(noKey),
    JSON.stringify(noOk),
    JSON.stringify({ ...result("x"), cell: { hosts: 2, msgs: 5 } }),
    JSON.stringify(result("kept")),
  ];
  assertEquals(parseResults(lines.join("\n")), {
    results: [result("kept")],
    skipped: [
      { line: 1, reason: "not a run result: not an object" },
      { line: 2, reason: "not a run result: not an object" },
      { line: 3, reason: "not a run result: schema: must be 1, got 2" },
      { line: 4, reason: "not a run result: schema is missing" },
      { line: 5, reason: "not a run result: key is missing" },
      { line: 6, reason: "not a run result: ok is missing" },
      { line: 7, reason: "not a run result: cell.variant is missing" },
    ],
  });
});

Deno.test("parseResults counts blank lines in the line numbers it reports", () => {
  assertEquals(parseResults("\n\n{oops\n").skipped, [{ line: 3, reason: "not JSON (cut off?)" }]);
});

Deno.test("parseResults reads lines that end in CRLF", () => {
  const text = `${JSON.stringify(result("a"))}\r\n${JSON.stringify(result("b"))}\r\n`;
  assertEquals(parseResults(text), { results: [result("a"), result("b")], skipped: [] });
});

Deno.test("readResults reads a missing file as empty", async () => {
  await withTempDir(async (dir) => {
    assertEquals(await readResults(`${dir}/missing.ndjson`), { results: [], skipped: [] });
  });
});

Deno.test("readResults throws ResultsFileError when the path cannot be read", async () => {
  await withTempDir(async (dir) => {
    // A folder, not a file: exists, but reading it fails.
    await rejects(readResults(dir), (error: unknown) => {
      assert(error instanceof ResultsFileError);
      assert(error.cause instanceof Error);
      strictEqual(error.name, "ResultsFileError");
      strictEqual(error.message, `cannot read results file "${dir}": Is a directory`);
      return true;
    });
  });
});

Deno.test("appendResult creates the file and writes one line per result", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.ndjson`;
    await appendResult(path, result("a"));
    await appendResult(path, result("b"));
    assertEquals(
      await Deno.readTextFile(path),
      `${JSON.stringify(result("a"))}\n${JSON.stringify(result("b"))}\n`,
    );
  });
});

Deno.test("appendResult writes results that readResults reads back", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.ndjson`;
    await appendResult(path, result("a"));
    await appendResult(path, result("b"));
    assertEquals(await readResults(path), { results: [result("a"), result("b")], skipped: [] });
  });
});

Deno.test("appendResult starts a new line after a cut-off last line", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.ndjson`;
    const whole = JSON.stringify(result("a"));
    const cut = JSON.stringify(result("b")).slice(0, 40); // a kill mid-write: no newline
    await Deno.writeTextFile(path, `${whole}\n${cut}`);
    await appendResult(path, result("c"));
    assertEquals(
      await Deno.readTextFile(path),
      `${whole}\n${cut}\n${JSON.stringify(result("c"))}\n`,
    );
  });
});

Deno.test("appendResult after a cut-off line is read back, the cut line skipped", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.ndjson`;
    const cut = JSON.stringify(result("b")).slice(0, 40);
    await Deno.writeTextFile(path, `${JSON.stringify(result("a"))}\n${cut}`);
    await appendResult(path, result("c"));
    assertEquals(await readResults(path), {
      results: [result("a"), result("c")],
      skipped: [{ line: 2, reason: "not JSON (cut off?)" }],
    });
  });
});

Deno.test("appendResult throws ResultsFileError when the folder does not exist", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/missing/results.ndjson`;
    await rejects(appendResult(path, result("a")), (error: unknown) => {
      assert(error instanceof ResultsFileError);
      assert(error.cause instanceof Deno.errors.NotFound);
      strictEqual(
        error.message,
        `cannot append to results file "${path}": No such file or directory`,
      );
      return true;
    });
  });
});
