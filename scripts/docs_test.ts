// The guide cannot rot: every command block of docs/*.md carries a doc-test marker, and every
// block marked run or tiny runs in a fresh copy of the repository, as docs/development.md
// describes ("Commands in the docs are tested").
import { ok as assert } from "node:assert/strict";
import { describeOutcome, readDocPages, runDocBlocks } from "./run_doc_blocks.ts";

const ROOT = new URL("../", import.meta.url).pathname;

Deno.test("every command block of docs/*.md has a doc-test marker that reads", async () => {
  const { blocks, problems } = await readDocPages(ROOT, []);
  assert(problems.length === 0, `fix the markers (docs/development.md):\n${problems.join("\n")}`);
  // Guards against a parser that finds nothing: the guide has well over ten command blocks.
  assert(blocks.length >= 10, `only ${blocks.length} command blocks found in docs/*.md`);
});

Deno.test("every runnable command block of docs/*.md runs and leaves git clean", async () => {
  const { blocks } = await readDocPages(ROOT, []);
  const outcomes = await runDocBlocks(blocks, {
    root: ROOT,
    jobs: 2,
    onOutcome: (outcome) => console.log(describeOutcome(outcome)),
  });
  const failed = outcomes.filter((outcome) => outcome.status === "failed");
  assert(
    failed.length === 0,
    `${failed.length} doc blocks failed:\n${failed.map(describeOutcome).join("\n")}`,
  );
  assert(outcomes.some((outcome) => outcome.status === "passed"), "no doc block ran");
});
