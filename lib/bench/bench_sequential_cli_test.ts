// Sequential sampling as a user meets it through `main.ts bench`: a cell stops once its CI is
// narrow enough or at its maximum, with --jobs 2 and in a shard; --resume continues the plan;
// bad values stop with one line. The widths asked are extreme on purpose, so the stop does not
// depend on how noisy the machine is: 9.9 is reached as soon as the interval exists (6 pairs:
// fewer cannot give a 95% one), 0.0001 never.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { parseResults } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { cliTest, runCli } from "./testdata/run_cli.ts";

async function resultsIn(dir: string): Promise<RunResult[]> {
  return parseResults(await Deno.readTextFile(`${dir}/results.ndjson`)).results;
}

function keysOf(results: readonly RunResult[]): string[] {
  return results.map((result) => result.key).sort();
}

/** The counted keys of rounds 0 .. rounds-1 of the 3 x 1 cell, both variants. */
function roundKeys(rounds: number): string[] {
  return Array.from({ length: rounds }, (_, i) => [
    `h3-m1-default-i${i}`,
    `h3-m1-states-i${i}`,
  ]).flat().sort();
}

const PAIR = ["--hosts=3", "--msgs=1", "--variants=default,states", "--warmups=0"];

Deno.test(
  "bench --until-ci-width stops a cell once its CI is narrow enough, and --resume continues it",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/bench`;
    const cli = await runCli([
      "bench",
      ...PAIR,
      "--iterations=2",
      "--until-ci-width=9.9",
      "--max-iterations=8",
      "--jobs=2",
      `--out=${out}`,
    ]);
    assertEquals(cli.code, 0, cli.stderr);
    const results = await resultsIn(out);
    assertEquals(keysOf(results), roundKeys(6));
    match(cli.stdout, /each cell ran 2 to 8 rounds, until the 95% CI of states \/ default/);
    match(cli.stdout, /3 hosts x 1 msgs: 6 rounds \(12 runs\), reached the width/);
    match(cli.stdout, /^12 runs now; /m);
    // With --jobs 2 a round's pair still ran side by side, never mixed with another round.
    for (let i = 0; i < 6; i++) {
      const [a, b] = [`h3-m1-default-i${i}`, `h3-m1-states-i${i}`]
        .map((key) => results.find((result) => result.key === key)!);
      assertEquals(a.seed, b.seed);
    }

    // As if killed in round 3: rounds 0-2 and one run of round 3 on disk.
    const kept = results.filter((result) =>
      result.iteration < 3 || result.key === "h3-m1-default-i3"
    );
    await Deno.writeTextFile(
      `${out}/results.ndjson`,
      kept.map((result) => JSON.stringify(result) + "\n").join(""),
    );
    const resumed = await runCli(["bench", "--resume", `--out=${out}`]);
    assertEquals(resumed.code, 0, resumed.stderr);
    match(resumed.stdout, /^5 runs now, 7 resumed; /m);
    assertEquals(keysOf(await resultsIn(out)), roundKeys(6));
    match(resumed.stdout, /3 hosts x 1 msgs: 6 rounds \(12 runs\), reached the width/);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "bench --until-ci-width stops a cell at --max-iterations, in a shard too",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/bench`;
    const cli = await runCli([
      "bench",
      ...PAIR,
      "--hosts=3,4",
      "--shard=2/2",
      "--iterations=2",
      "--until-ci-width=0.0001",
      "--max-iterations=3",
      "--primary=cpuMs",
      `--out=${out}`,
      `--report-dir=${dir}/report`,
    ]);
    assertEquals(cli.code, 0, cli.stderr);
    // The costlier cell (4 hosts) went to shard 1; this shard ran 3 x 1 to its maximum.
    assertEquals(keysOf(await resultsIn(out)), roundKeys(3));
    match(cli.stdout, /3 hosts x 1 msgs: 3 rounds \(6 runs\), hit the maximum/);
    match(cli.stdout, /\(CPU time\) was at most 0\.000 wide/);
    const report = await Deno.readTextFile(`${dir}/report/bench.md`);
    match(report, /## Runs per cell/);
    match(report, /\| 3 \| 1 \| 3 \| 6 \| hit the maximum \|/);
    await Deno.remove(dir, { recursive: true });
  },
);

for (
  const [args, message] of [
    [
      ["--until-ci-width=0"],
      /^error: flag --until-ci-width must be a number > 0 and < 10 \(the widest 95% CI of a ratio to stop at, e\.g\. 0\.1\), got "0"$/,
    ],
    [
      ["--until-ci-width=10"],
      /^error: flag --until-ci-width must be a number > 0 and < 10 .*, got "10"$/,
    ],
    [
      ["--until-ci-width=0.1", "--iterations=5", "--max-iterations=4"],
      /^error: flag --max-iterations must be >= matrix\.iterations \(5, from flag --iterations\), the rounds every cell runs first, got 4$/,
    ],
    [
      ["--max-iterations=4"],
      /^error: flag --max-iterations needs matrix\.untilCiWidth/,
    ],
  ] as const
) {
  Deno.test(
    `bench ${args.join(" ")} stops with one line, exit 2, nothing written`,
    cliTest,
    async () => {
      const root = await Deno.makeTempDir();
      const cli = await runCli(["bench", ...PAIR, ...args, `--results-root=${root}`]);
      assertEquals(cli.code, 2, cli.stderr);
      assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
      match(cli.stderr.trim(), message);
      for await (const _ of Deno.readDir(root)) assert(false, "something was written");
      await Deno.remove(root, { recursive: true });
    },
  );
}

Deno.test(
  "bench --resume of a sequential bench refuses what would change its plan",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const saved = {
      matrix: {
        hosts: [3],
        msgs: [1],
        variants: ["default", "states"],
        iterations: 2,
        warmups: 0,
        untilCiWidth: 0.5,
        maxIterations: 8,
      },
    };
    await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(saved));
    await Deno.writeTextFile(`${dir}/results.ndjson`, "");
    for (
      const [flag, message] of [
        ["--until-ci-width=0.2", /drop --until-ci-width/],
        ["--max-iterations=9", /drop --max-iterations/],
        [
          "--primary=cpuMs",
          /stop rule uses the saved settings; drop --primary \(saved: activeMs\)/,
        ],
        ["--min-samples=7", /drop --min-samples \(saved: 5\)/],
      ] as const
    ) {
      const cli = await runCli(["bench", "--resume", flag, `--out=${dir}`]);
      assertEquals(cli.code, 2, cli.stderr);
      assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
      match(cli.stderr, message);
    }
    assertEquals(await Deno.readTextFile(`${dir}/results.ndjson`), "");
    await Deno.remove(dir, { recursive: true });
  },
);
