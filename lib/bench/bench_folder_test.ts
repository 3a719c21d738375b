// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import {
  benchFolderName,
  createBenchFolder,
  findNewestBench,
  poolSizeFor,
  resolveJobs,
} from "./run_bench.ts";
import { writeTextAtomically } from "./write_text_atomically.ts";

const SECOND = new Date("2026-11-28T03:41:07.250Z");

Deno.test("benchFolderName is the time to the second, safe in file names", () => {
  assertEquals(benchFolderName(SECOND), "2026-11-28T03-41-07Z");
});

Deno.test("createBenchFolder gives benches started in the same second separate folders", async () => {
  const root = await Deno.makeTempDir();
  const paths = await Promise.all([1, 2, 3, 4].map(() => createBenchFolder(root, SECOND)));
  assertEquals(new Set(paths).size, 4);
  assertEquals(paths.map((path) => path.slice(root.length + 1)).sort(), [
    "2026-11-28T03-41-07Z",
    "2026-11-28T03-41-07Z-2",
    "2026-11-28T03-41-07Z-3",
    "2026-11-28T03-41-07Z-4",
  ]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("findNewestBench takes the newest folder, a same-second suffix after its base", async () => {
  const root = await Deno.makeTempDir();
  for (
    const name of ["2026-11-28T03-41-07Z-10", "2026-11-28T03-41-07Z-9", "2026-11-28T03-41-06Z"]
  ) {
    await Deno.mkdir(`${root}/${name}`);
    await Deno.writeTextFile(`${root}/${name}/config.json`, "{}");
  }
  await Deno.mkdir(`${root}/not-a-bench`);
  assertEquals(await findNewestBench(root), `${root}/2026-11-28T03-41-07Z-10`);
  await Deno.remove(root, { recursive: true });
});

Deno.test("findNewestBench counts a folder with only config.json (killed before a result)", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/2026-11-28T03-41-06Z`);
  await Deno.writeTextFile(`${root}/2026-11-28T03-41-06Z/results.ndjson`, "");
  await Deno.mkdir(`${root}/2026-11-28T03-41-07Z`);
  await Deno.writeTextFile(`${root}/2026-11-28T03-41-07Z/config.json`, "{}");
  assertEquals(await findNewestBench(root), `${root}/2026-11-28T03-41-07Z`);
  await Deno.remove(root, { recursive: true });
});

Deno.test("writeTextAtomically with exclusive lets only one of two writers create the file", async () => {
  const dir = await Deno.makeTempDir();
  const outcomes = await Promise.allSettled(
    ["a", "b"].map((text) => writeTextAtomically(`${dir}/config.json`, text, { exclusive: true })),
  );
  assertEquals(outcomes.map((outcome) => outcome.status).sort(), ["fulfilled", "rejected"]);
  const winner = outcomes.findIndex((outcome) => outcome.status === "fulfilled");
  assertEquals(await Deno.readTextFile(`${dir}/config.json`), ["a", "b"][winner]);
  // No temporary file is left behind by either writer.
  assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["config.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeTextAtomically replaces a file whole", async () => {
  const dir = await Deno.makeTempDir();
  await writeTextAtomically(`${dir}/summary.json`, "old");
  await writeTextAtomically(`${dir}/summary.json`, "new");
  assertEquals(await Deno.readTextFile(`${dir}/summary.json`), "new");
  await rejects(writeTextAtomically(`${dir}/missing/x.json`, "x"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resolveJobs reads auto as one per core", () => {
  assertEquals(resolveJobs("auto", 8), 8);
  assertEquals(resolveJobs("auto", 0), 1);
  assertEquals(resolveJobs(3, 8), 3);
});

Deno.test("poolSizeFor loads two batches ahead, and on every core", () => {
  assertEquals(poolSizeFor(1, 2), 2);
  assertEquals(poolSizeFor(2, 2), 4);
  assertEquals(poolSizeFor(1, 8), 8);
  assertEquals(poolSizeFor(1, 64), 16);
});
