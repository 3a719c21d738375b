import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { findDocBlocks } from "./doc_blocks.ts";
import { findMissingOutputLine, runDocBlocks } from "./run_doc_blocks.ts";

/** A small git repository: a tracked README.md, out/ ignored, and a server script. */
async function makeRepo(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "doc-blocks-repo-" });
  await Deno.writeTextFile(`${root}/README.md`, "# a repo\n");
  await Deno.writeTextFile(`${root}/.gitignore`, "out/\n");
  // Prints its URL, serves until SIGTERM, then exits 0 (as `deno task dbg` does).
  await Deno.writeTextFile(
    `${root}/serve.ts`,
    `const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) =>
  console.log("open http://127.0.0.1:" + port + "/") }, () => new Response("ok"));
Deno.addSignalListener("SIGTERM", () => server.shutdown().then(() => Deno.exit(0)));\n`,
  );
  for (const args of [["init", "-q"], ["add", "-A"]]) {
    await new Deno.Command("git", { args: ["-C", root, ...args] }).output();
  }
  return root;
}

/** Runs the blocks of `page` in a fresh repo; returns each block's status and problems. */
async function run(page: string, timeoutMs?: number) {
  const root = await makeRepo();
  try {
    const { blocks, problems } = findDocBlocks("docs/t.md", page, {
      tiny: [
        { prefix: "deno run --allow-net=127.0.0.1 serve.ts", flags: "", serves: true },
        { prefix: "echo", flags: "", serves: true },
      ],
    });
    assertEquals(problems, []);
    const outcomes = await runDocBlocks(blocks, { root, jobs: 2, commandTimeoutMs: timeoutMs });
    return outcomes.map((outcome) => ({
      status: outcome.status,
      problems: outcome.problems.join("\n"),
      duplicateOf: outcome.duplicateOf,
    }));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function block(marker: string, ...lines: string[]): string {
  return [`<!-- doc-test: ${marker} -->`, "```sh", ...lines, "```", ""].join("\n");
}

Deno.test("runDocBlocks passes a block whose commands exit 0 and write only ignored files", async () => {
  const [outcome] = await run(block("run", "mkdir -p out && echo hi > out/x", "cat README.md"));
  assertEquals(outcome, { status: "passed", problems: "", duplicateOf: undefined });
});

Deno.test("runDocBlocks fails a command with the wrong exit code, naming page line and output", async () => {
  const [outcome] = await run(block("run", "true", "echo oops >&2; exit 3", "echo never"));
  assertEquals(outcome.status, "failed");
  assert(outcome.problems.startsWith("docs/t.md:4: `echo oops >&2; exit 3` exited 3, expected 0"));
  assert(outcome.problems.includes("    oops"), outcome.problems);
});

Deno.test("runDocBlocks expects the marker's exit code", async () => {
  const [ok, wrong] = await run(
    block("run; exit 2", "bash -c 'exit 2'") + block("run; exit 2", "true"),
  );
  assertEquals(ok.status, "passed");
  assert(wrong.problems.includes("exited 0, expected 2"), wrong.problems);
});

Deno.test("runDocBlocks fails a block that changes a tracked file or leaves a file git shows", async () => {
  const [changed, left] = await run(
    block("run", "echo more >> README.md") + block("run", "echo x > notes.txt"),
  );
  assertEquals(changed.status, "failed");
  assert(
    changed.problems.includes("changed tracked files") && changed.problems.includes("README.md"),
  );
  assert(left.problems.includes("?? notes.txt"), left.problems);
});

Deno.test("runDocBlocks does not count the files a given command made", async () => {
  const [outcome] = await run(block("run; given: echo data > input.txt", "cat input.txt"));
  assertEquals(outcome.status, "passed", outcome.problems);
});

Deno.test("runDocBlocks checks a transcript's output, with ... and any numbers", async () => {
  const transcript = (marker: string, shown: string) =>
    [`<!-- doc-test: ${marker} -->`, "```", "$ echo took 12 ms; echo done >&2", shown, "```", ""]
      .join("\n");
  const outcomes = await run(
    transcript("run", "took 12 ...") + transcript("run", "took 99 ms") +
      transcript("run; numbers: any", "took 99 ms") + transcript("run", "done"),
  );
  assertEquals(outcomes.map((outcome) => outcome.status), ["passed", "failed", "passed", "passed"]);
  assert(outcomes[1].problems.includes("the page shows the line\n    took 99 ms"));
});

Deno.test("runDocBlocks fetches a server's URL, then stops it with SIGTERM", async () => {
  const [outcome] = await run(block("tiny", "deno run --allow-net=127.0.0.1 serve.ts"));
  assertEquals(outcome.status, "passed", outcome.problems);
});

Deno.test("runDocBlocks fails a server that ends before printing its URL", async () => {
  const [outcome] = await run(block("tiny", "echo listening"));
  assert(
    outcome.problems.includes("ended before printing its http://127.0.0.1 URL"),
    outcome.problems,
  );
});

Deno.test("runDocBlocks kills a command that outlives its timeout", async () => {
  const [outcome] = await run(block("run", "sleep 60"), 1_000);
  assertEquals(outcome.status, "failed");
  assert(outcome.problems.includes("`sleep 60` took longer than 1 s (killed)"), outcome.problems);
});

Deno.test("runDocBlocks runs a block equal to an earlier one only once", async () => {
  const outcomes = await run(
    block("run", "true") + block("run", "true") + block("skip: needs a cluster here", "kubectl x"),
  );
  assertEquals(outcomes.map((outcome) => [outcome.status, outcome.duplicateOf]), [
    ["passed", undefined],
    ["duplicate", "docs/t.md:2"],
    ["skipped", undefined],
  ]);
});

Deno.test("findMissingOutputLine matches whole lines in order", () => {
  const output = "Task x\nerror: a 5 b\nnote: c\n";
  assertEquals(findMissingOutputLine(["error: a 5 b", "note: c"], output, false), undefined);
  assertEquals(findMissingOutputLine(["note: c", "error: a 5 b"], output, false), "error: a 5 b");
  assertEquals(findMissingOutputLine(["error: a"], output, false), "error: a");
  assertEquals(findMissingOutputLine(["error: ... b"], output, false), undefined);
  assertEquals(findMissingOutputLine(["error: a 7 b"], output, true), undefined);
  assertEquals(findMissingOutputLine(["error: a.5 b"], output, false), "error: a.5 b");
  assertEquals(findMissingOutputLine([], "", false), undefined);
});
