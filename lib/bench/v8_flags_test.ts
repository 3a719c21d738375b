// V8 flags for the runs' processes: the argument that carries them, the check before a bench, and
// (through the CLI) that they reach every run's process and are recorded with its results.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { findV8FlagsProblem, v8FlagsArgs } from "./v8_flags.ts";
import { cliTest, runCli } from "./testdata/run_cli.ts";

Deno.test("v8FlagsArgs() joins the flags into one --v8-flags argument, none without flags", () => {
  assertEquals(v8FlagsArgs(undefined), []);
  assertEquals(v8FlagsArgs([]), []);
  assertEquals(
    v8FlagsArgs(["--heap-growing-percent=50", "--max-semi-space-size=8"]),
    ["--v8-flags=--heap-growing-percent=50,--max-semi-space-size=8"],
  );
});

Deno.test("findV8FlagsProblem() passes flags V8 takes, and no flags", async () => {
  assertEquals(await findV8FlagsProblem(undefined), undefined);
  assertEquals(await findV8FlagsProblem([]), undefined);
  assertEquals(await findV8FlagsProblem(["--heap-growing-percent=50"]), undefined);
});

Deno.test("findV8FlagsProblem() names a flag V8 does not know, in V8's words", async () => {
  assertEquals(
    await findV8FlagsProblem(["--heap-growing-percent=50", "--no-such-flag"]),
    "v8Flags --heap-growing-percent=50,--no-such-flag: V8 did not recognize flag " +
      "'--no-such-flag'; see deno run --v8-flags=--help",
  );
});

Deno.test("findV8FlagsProblem() names a value of the wrong type", async () => {
  const problem = await findV8FlagsProblem(["--heap-growing-percent=abc"]);
  match(problem ?? "", /^v8Flags --heap-growing-percent=abc: illegal value for flag /);
});

Deno.test(
  "bench --v8-flags refuses an unknown flag before anything is written",
  cliTest,
  async () => {
    const root = await Deno.makeTempDir();
    try {
      const refused = await runCli([
        "bench",
        "--hosts=3",
        "--msgs=1",
        "--no-report",
        `--results-root=${root}`,
        "--v8-flags=--no-such-flag",
      ]);
      assertEquals(refused.code, 2, refused.stderr);
      assertEquals(
        refused.stderr.trim(),
        "error: v8Flags --no-such-flag: V8 did not recognize flag '--no-such-flag'; " +
          "see deno run --v8-flags=--help",
      );
      assertEquals([...Deno.readDirSync(root)], []);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
);

Deno.test(
  "BENCH_V8_FLAGS reaches every run's process and is recorded with its results",
  cliTest,
  async () => {
    const out = await Deno.makeTempDir();
    try {
      // A 12 MB heap is too small for a run (though not for the check's empty script): the run's
      // process dies of it, which only happens if the flag got there.
      const run = await runCli([
        "bench",
        "--hosts=3",
        "--msgs=1",
        "--variants=default",
        "--iterations=1",
        "--warmups=0",
        "--no-report",
        `--out=${out}/bench`,
      ], { BENCH_V8_FLAGS: "--max-heap-size=12" });
      assert(run.code !== 0, "a run with a 12 MB heap should fail");
      const results = (await Deno.readTextFile(`${out}/bench/results.ndjson`)).trim().split("\n")
        .map((line) => JSON.parse(line));
      assertEquals(results.length, 1);
      assertEquals(results[0].ok, false);
      assertEquals(results[0].v8Flags, ["--max-heap-size=12"]);
      match(results[0].failure, /^crashed with exit code /);
      match(results[0].failure, /Mark-Compact|heap out of memory|Last few GCs/);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
);
