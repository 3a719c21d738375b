// README.md's two commands, shrunk, on a clean clone of the repository at HEAD: the bench (tiny
// flags, the report it writes) and `deno task report` must leave `git status` empty, since
// outputs go to git-ignored folders (results/, reports/) and committed samples live in
// docs/examples/.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { TINY_FLAGS } from "./doc_blocks.ts";

const ROOT = new URL("../", import.meta.url).pathname;

async function run(cwd: string, command: string): Promise<{ code: number; output: string }> {
  const output = await new Deno.Command("bash", {
    args: ["-c", `exec 2>&1\n${command}`],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  return { code: output.code, output: new TextDecoder().decode(output.stdout) };
}

Deno.test("README's bench and report on a clean clone leave git status empty", async () => {
  const readme = await Deno.readTextFile(`${ROOT}/README.md`);
  assert(
    /^```sh\n[^`]*deno task bench/m.test(readme),
    "README.md no longer shows `deno task bench`",
  );
  const tiny = TINY_FLAGS.find((rule) => rule.prefix === "deno task bench")!.flags;
  const temp = await Deno.makeTempDir({ prefix: "readme-clone-" });
  try {
    const clone = await run(temp, `git clone --quiet --no-hardlinks "${ROOT}" repo`);
    assertEquals(clone.code, 0, clone.output);
    const repo = `${temp}/repo`;
    const bench = await run(repo, `deno task bench ${tiny}`);
    assertEquals(bench.code, 0, bench.output);
    assert(bench.output.includes("report: reports/bench.md"), bench.output);
    const report = await run(repo, "deno task report");
    assertEquals(report.code, 0, report.output);
    const status = await run(repo, "git status --porcelain --untracked-files=all");
    assertEquals(status, { code: 0, output: "" });
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
