// A bench whose biggest run this machine cannot hold is refused before anything starts: more open
// files than a run's process may have (here under a lowered `ulimit -n`), unless --force.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { MAIN, PERMISSIONS } from "./testdata/run_cli.ts";

async function benchUnderUlimit(limit: number, args: string[]) {
  const root = await Deno.makeTempDir();
  const output = await new Deno.Command("sh", {
    args: [
      "-c",
      `ulimit -n ${limit} && exec "$0" "$@"`,
      Deno.execPath(),
      "run",
      ...PERMISSIONS,
      MAIN,
      "bench",
      "--no-report",
      `--results-root=${root}`,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const entries = [...Deno.readDirSync(root)].length;
  await Deno.remove(root, { recursive: true });
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr), entries };
}

Deno.test("bench refuses a run that needs more open files than ulimit -n allows", async () => {
  // 1000 hosts: a listener each, two descriptors per connection (4 dials per joining host and
  // the 100 of host 0's that the default readiness target asks for above 500 hosts) and the
  // process's own: about 9372, over a limit of 4096.
  const refused = await benchUnderUlimit(4096, ["--hosts", "1000", "--msgs", "1"]);
  assertEquals(refused.code, 2);
  const lines = refused.stderr.trim().split("\n");
  assertEquals(lines.length, 1, refused.stderr);
  match(lines[0], /^error: bench: a run of 1000 hosts needs about 9372 open files \(/);
  match(lines[0], /and this process may open 4096 \(ulimit -n\); .* or --force to start anyway$/);
  // Nothing was written: no bench folder.
  assertEquals(refused.entries, 0);
});

Deno.test("bench --force skips the open-files check", async () => {
  // With --force the bench goes on to its next check, which refuses the out dir (a file).
  const file = await Deno.makeTempFile();
  const forced = await benchUnderUlimit(4096, [
    "--hosts",
    "1000",
    "--msgs",
    "1",
    "--force",
    `--out=${file}/bench`,
  ]);
  assertEquals(forced.code, 2);
  assert(!forced.stderr.includes("open files"), forced.stderr);
  match(forced.stderr, /out dir/);
  await Deno.remove(file);
});
