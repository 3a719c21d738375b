// The runner's promises as a user meets them through `main.ts bench`: resume finds the right
// bench, bench folders are never shared, a broken config.json stops a resume, bad --jobs and
// --shard values stop with one line, shards resume as themselves, --jobs 2 runs a round's pair
// side by side.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { parseResults } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { cliTest, MAIN, PERMISSIONS, runCli } from "./testdata/run_cli.ts";
import { descendantsOf, listeningAmong, pollUntil } from "./testdata/processes.ts";

async function resultsIn(dir: string): Promise<RunResult[]> {
  return parseResults(await Deno.readTextFile(`${dir}/results.ndjson`)).results;
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

const TINY = ["--hosts=3", "--msgs=1", "--variants=default", "--iterations=1", "--warmups=0"];

Deno.test(
  "bench --resume resumes the newest bench even when it was killed before its first result",
  cliTest,
  async () => {
    const root = await Deno.makeTempDir();
    const first = await runCli(["bench", ...TINY, `--results-root=${root}`]);
    assertEquals(first.code, 0, first.stderr);
    const [older] = await listDir(root);
    // The second bench is killed (with its group) while its only run is running.
    const bench = new Deno.Command("setsid", {
      args: [
        Deno.execPath(),
        "run",
        ...PERMISSIONS,
        MAIN,
        "bench",
        "--no-report",
        ...TINY,
        "--msgs=2",
        `--results-root=${root}`,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await pollUntil(
      async () =>
        (await listeningAmong((await descendantsOf(bench.pid)).map((p) => p.pid))).length > 0,
      "the second bench's run to be up",
    );
    Deno.kill(-bench.pid, "SIGKILL");
    await bench.status;
    const names = await listDir(root);
    assertEquals(names.length, 2);
    const newer = names.find((name) => name !== older) as string;
    assertEquals(await resultsIn(`${root}/${newer}`), []);

    const cli = await runCli(["bench", "--resume", `--results-root=${root}`]);
    assertEquals(cli.code, 0, cli.stderr);
    match(cli.stdout, new RegExp(`1 runs now; results: ${root}/${newer}/results.ndjson`));
    assertEquals((await resultsIn(`${root}/${newer}`)).map((r) => r.key), ["h3-m2-default-i0"]);
    assertEquals((await resultsIn(`${root}/${older}`)).map((r) => r.key), ["h3-m1-default-i0"]);
    await Deno.remove(root, { recursive: true });
  },
);

Deno.test("bench --resume stops with one line on an empty config.json", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/config.json`, "");
  await Deno.writeTextFile(`${dir}/results.ndjson`, "");
  const cli = await runCli(["bench", "--resume", `--out=${dir}`]);
  assertEquals(cli.code, 2, cli.stderr);
  assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
  match(cli.stderr, /^error: cannot resume ".*": its config\.json is empty/);
  assertEquals(await listDir(dir), ["config.json", "results.ndjson"]);
  assertEquals(await Deno.readTextFile(`${dir}/results.ndjson`), "");
  await Deno.remove(dir, { recursive: true });
});

Deno.test(
  "bench --resume stops with one line on a config.json that is not JSON",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/config.json`, '{"matrix": {"hosts": [3]');
    const cli = await runCli(["bench", "--resume", `--out=${dir}`]);
    assertEquals(cli.code, 2, cli.stderr);
    assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
    match(cli.stderr, /^error: cannot resume ".*": .*config\.json/);
    await Deno.remove(dir, { recursive: true });
  },
);

for (
  const [flag, rule] of [
    [
      "--jobs=0",
      /^error: flag --jobs must be an integer from 1 to 256, or auto \(one per core\), got "0"$/,
    ],
    [
      "--jobs=-1",
      /^error: flag --jobs must be an integer from 1 to 256, or auto \(one per core\), got "-1"$/,
    ],
    [
      "--jobs=abc",
      /^error: flag --jobs must be an integer from 1 to 256, or auto \(one per core\), got "abc"$/,
    ],
    [
      "--shard=3/2",
      /^error: flag --shard must be I\/N: integers with 1 <= I <= N <= 10000, got "3\/2"$/,
    ],
    [
      "--shard=0/4",
      /^error: flag --shard must be I\/N: integers with 1 <= I <= N <= 10000, got "0\/4"$/,
    ],
    [
      "--shard=x",
      /^error: flag --shard must be I\/N: integers with 1 <= I <= N <= 10000, got "x"$/,
    ],
    [
      "--shard=3/4",
      /^error: shard 3\/4: the matrix has 2 cells \(hosts x msgs\) and a cell is never split, so use at most 2 shards$/,
    ],
  ] as const
) {
  Deno.test(
    `bench ${flag} stops with one line naming the flag, exit 2, nothing written`,
    cliTest,
    async () => {
      const root = await Deno.makeTempDir();
      const cli = await runCli([
        "bench",
        "--hosts=3,4",
        "--msgs=1",
        flag,
        `--results-root=${root}`,
      ]);
      assertEquals(cli.code, 2, cli.stderr);
      assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
      match(cli.stderr.trim(), rule);
      assertEquals(await listDir(root), []);
      await Deno.remove(root, { recursive: true });
    },
  );
}

Deno.test(
  "a shard runs its own cells, resumes as itself and refuses another shard",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/shard1`;
    const args = ["--hosts=3,4", "--msgs=1", "--variants=default", "--iterations=1", "--warmups=0"];
    const cli = await runCli(["bench", ...args, "--shard=1/2", `--out=${out}`]);
    assertEquals(cli.code, 0, cli.stderr);
    // The costlier cell (4 hosts) goes to shard 1.
    assertEquals((await resultsIn(out)).map((r) => r.key), ["h4-m1-default-i0"]);
    assertEquals(JSON.parse(await Deno.readTextFile(`${out}/config.json`)).shard, {
      index: 1,
      count: 2,
    });
    const refused = await runCli(["bench", "--resume", "--shard=2/2", `--out=${out}`]);
    assertEquals(refused.code, 2, refused.stderr);
    assertEquals(refused.stderr.trim().split("\n").length, 1, refused.stderr);
    match(refused.stderr, /ran shard 1\/2; resuming it with --shard 2\/2 is refused/);
    const same = await runCli(["bench", "--resume", "--shard=1/2", `--out=${out}`]);
    assertEquals(same.code, 0, same.stderr);
    match(same.stdout, /0 runs now, 1 resumed/);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "bench --jobs 2 starts both variants of a round together, rounds one after another",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const cli = await runCli([
      "bench",
      "--hosts=3",
      "--msgs=2",
      "--variants=default,states",
      "--iterations=2",
      "--warmups=0",
      "--jobs=2",
      `--out=${dir}/bench`,
    ]);
    assertEquals(cli.code, 0, cli.stderr);
    const results = await resultsIn(`${dir}/bench`);
    assertEquals(results.length, 4);
    const start = (key: string): number =>
      Date.parse(results.find((r) => r.key === key)!.startedAt);
    const end = (key: string): number => start(key) + results.find((r) => r.key === key)!.totalMs!;
    for (const round of ["i0", "i1"]) {
      const [a, b] = [`h3-m2-default-${round}`, `h3-m2-states-${round}`];
      // Side by side: each started before the other had finished its scenario.
      assert(start(a) < end(b) && start(b) < end(a), `${round} ran one after the other`);
    }
    // The second round started after the first round's scenarios were over.
    const secondRound = Math.min(start("h3-m2-default-i1"), start("h3-m2-states-i1"));
    assert(end("h3-m2-default-i0") <= secondRound && end("h3-m2-states-i0") <= secondRound);
    await Deno.remove(dir, { recursive: true });
  },
);
