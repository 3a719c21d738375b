// `report` merges the shards of one bench (bench --shard I/N) and refuses foreign files.
import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { cliTest, runCli } from "../bench/testdata/run_cli.ts";

const MATRIX = ["--hosts=3,4", "--msgs=1", "--variants=default", "--iterations=1", "--warmups=0"];

Deno.test(
  "report merges two shards into one report and refuses another scenario",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    for (const shard of ["1/2", "2/2"]) {
      const cli = await runCli([
        "bench",
        ...MATRIX,
        `--shard=${shard}`,
        `--out=${dir}/shard${shard[0]}`,
      ]);
      assertEquals(cli.code, 0, cli.stderr);
    }
    const shards = [`${dir}/shard1/results.ndjson`, `${dir}/shard2/results.ndjson`];
    const report = await runCli([
      "report",
      ...shards.map((path) => `--results=${path}`),
      `--out=${dir}/report`,
    ]);
    assertEquals(report.code, 0, report.stderr);
    const markdown = await Deno.readTextFile(`${dir}/report/bench.md`);
    // Both shards' cells are in the one report.
    match(markdown, /\| 3 +\| 1 +\| default/);
    match(markdown, /\| 4 +\| 1 +\| default/);

    // The same shard with another scenario (as if run with --pattern burst) is refused.
    const text = await Deno.readTextFile(shards[1]);
    await Deno.writeTextFile(`${dir}/burst.ndjson`, text.replaceAll('"serial"', '"burst"'));
    const refused = await runCli([
      "report",
      `--results=${shards[0]}`,
      `--results=${dir}/burst.ndjson`,
      `--out=${dir}/report2`,
    ]);
    assertEquals(refused.code, 2, refused.stderr);
    assertEquals(refused.stderr.trim().split("\n").length, 1, refused.stderr);
    match(
      refused.stderr,
      /^error: ".*shard1\/results\.ndjson" and ".*burst\.ndjson" ran a different scenario \(pattern "serial" vs "burst"\)/,
    );
    await Deno.remove(dir, { recursive: true });
  },
);
