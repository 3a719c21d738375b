import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { findDocBlocks, type TinyRule } from "./doc_blocks.ts";

const RULES: TinyRule[] = [
  { prefix: "deno task bench", flags: "--hosts 3" },
  { prefix: "deno task nb a.ipynb", flags: "-p n 1" },
  { prefix: "deno task nb", flags: "-p generic 1" },
  { prefix: "deno task dbg", flags: "--port 0", serves: true },
];

/** A page of the given lines. */
function page(...lines: string[]): string {
  return lines.join("\n") + "\n";
}

Deno.test("findDocBlocks refuses an sh block without a marker, naming page and line", () => {
  const { blocks, problems } = findDocBlocks("docs/x.md", page("# X", "", "```sh", "ls", "```"));
  assertEquals(blocks, []);
  assertEquals(problems.length, 1);
  assert(problems[0].startsWith("docs/x.md:3: a sh block needs a marker"), problems[0]);
});

Deno.test("findDocBlocks takes a block with $ lines as a transcript that needs a marker", () => {
  const { problems } = findDocBlocks("x.md", page("```", "$ deno task bench", "error: x", "```"));
  assert(problems[0].startsWith("x.md:1: a transcript block needs a marker"), problems[0]);
});

Deno.test("findDocBlocks leaves output and yaml blocks alone, and refuses a marker on one", () => {
  const text = page("```yaml", "a: 1", "```", "```", "just output", "```");
  assertEquals(findDocBlocks("x.md", text), { blocks: [], problems: [] });
  const marked = findDocBlocks("x.md", page("<!-- doc-test: run -->", "```yaml", "a: 1", "```"));
  assertEquals(marked.problems, ["x.md:1: doc-test marker on a block with no command"]);
});

Deno.test("findDocBlocks names a comment that is not a marker", () => {
  const { problems } = findDocBlocks("x.md", page("<!-- runnable -->", "```sh", "ls", "```"));
  assert(problems[0].includes("the comment at line 1 is not one"), problems[0]);
});

Deno.test("findDocBlocks does not take a comment separated from the fence by text", () => {
  const text = page("<!-- doc-test: run -->", "Some text.", "```sh", "ls", "```");
  assert(findDocBlocks("x.md", text).problems[0].includes("needs a marker"));
});

Deno.test("findDocBlocks appends tiny flags after the page's own, before && and redirections", () => {
  const text = page(
    "<!-- doc-test: tiny -->",
    "",
    "```sh",
    "deno task bench --hosts 5,10   # a comment",
    "PS_AM_DEBUG=1 deno task bench --trace && deno task dbg",
    "deno task bench 2>&1 > out.txt",
    "deno task report",
    "```",
  );
  const { blocks, problems } = findDocBlocks("x.md", text, { tiny: RULES });
  assertEquals(problems, []);
  assertEquals(blocks[0].commands.map((command) => command.command), [
    "deno task bench --hosts 5,10 --hosts 3",
    "PS_AM_DEBUG=1 deno task bench --trace --hosts 3 && deno task dbg",
    "deno task bench --hosts 3 2>&1 > out.txt",
    "deno task report",
  ]);
  assertEquals(blocks[0].commands[0].written, "deno task bench --hosts 5,10");
  assertEquals(blocks[0].commands[0].line, 4);
});

Deno.test("findDocBlocks takes the longest matching tiny prefix, and a marker's own", () => {
  const text = page(
    "<!-- doc-test: tiny; tiny: deno task bench => --hosts 4,5 -->",
    "```sh",
    "deno task nb a.ipynb --out x",
    "deno task nb b.ipynb",
    "deno task bench",
    "deno task benchmark",
    "```",
  );
  const { blocks } = findDocBlocks("x.md", text, { tiny: RULES });
  assertEquals(blocks[0].commands.map((command) => command.command), [
    "deno task nb a.ipynb --out x -p n 1",
    "deno task nb b.ipynb -p generic 1",
    "deno task bench --hosts 4,5",
    "deno task benchmark",
  ]);
});

Deno.test("findDocBlocks runs a run block as written", () => {
  const text = page("<!-- doc-test: run; exit 2 -->", "```sh", "deno task bench --hosts -5", "```");
  const [block] = findDocBlocks("x.md", text, { tiny: RULES }).blocks;
  assertEquals(block.mode, "run");
  assertEquals(block.exitCode, 2);
  assertEquals(block.commands[0].command, "deno task bench --hosts -5");
});

Deno.test("findDocBlocks marks a server by its tiny rule", () => {
  const text = page("<!-- doc-test: tiny -->", "```sh", "deno task dbg", "```");
  const [block] = findDocBlocks("x.md", text, { tiny: RULES }).blocks;
  assertEquals(block.commands[0].command, "deno task dbg --port 0");
  assertEquals(block.commands[0].serves, true);
});

Deno.test("findDocBlocks joins continuations and keeps a # inside quotes", () => {
  const text = page(
    "<!-- doc-test: run -->",
    "```bash",
    "# a comment line",
    "echo 'a # b' \\",
    "  c # trailing",
    "",
    "echo d#e",
    "```",
  );
  const [block] = findDocBlocks("x.md", text).blocks;
  assertEquals(block.commands.map((command) => [command.command, command.line]), [
    ["echo 'a # b' c", 4],
    ["echo d#e", 7],
  ]);
});

Deno.test("findDocBlocks applies replacements and refuses a placeholder left in a command", () => {
  const text = page(
    "<!-- doc-test: tiny; given: deno task bench --out results/b1; replace: <bench> => b1 -->",
    "```sh",
    "deno task report --results results/<bench>/results.ndjson --baseline results/<old>/r.ndjson",
    "```",
  );
  const { blocks, problems } = findDocBlocks("x.md", text, { tiny: RULES });
  assertEquals(blocks, []);
  assertEquals(problems.length, 1);
  assert(problems[0].startsWith("x.md:3: placeholder <old> in a command that runs"), problems[0]);
  const fixed = findDocBlocks("x.md", text.replace("-->", "; replace: <old> => b0 -->"), {
    tiny: RULES,
  });
  assertEquals(fixed.problems, []);
  assertEquals(fixed.blocks[0].given[0].command, "deno task bench --out results/b1 --hosts 3");
  assertEquals(
    fixed.blocks[0].commands[0].command,
    "deno task report --results results/b1/results.ndjson --baseline results/b0/r.ndjson",
  );
});

Deno.test("findDocBlocks wants a reason to skip, and keeps all of it", () => {
  const short = findDocBlocks("x.md", page("<!-- doc-test: skip: no -->", "```sh", "ls", "```"));
  assert(short.problems[0].includes('"skip:" needs a reason'), short.problems[0]);
  const text = page(
    "<!-- doc-test: skip: needs root; lib/x_test.ts runs it,",
    "  in a namespace -->",
    "```sh",
    "sudo ls",
    "```",
  );
  const [block] = findDocBlocks("x.md", text).blocks;
  assertEquals(block.mode, "skip");
  assertEquals(block.skipReason, "needs root; lib/x_test.ts runs it, in a namespace");
});

Deno.test("findDocBlocks leaves out a skip-command with its reason, and refuses one that matches nothing", () => {
  const text = page(
    "<!-- doc-test: run; skip-command: bash long.sh => takes five minutes -->",
    "```sh",
    "bash long.sh out",
    "echo short",
    "```",
  );
  const [block] = findDocBlocks("x.md", text).blocks;
  assertEquals(block.commands.map((command) => command.command), ["echo short"]);
  assertEquals(block.skippedCommands, [
    { written: "bash long.sh out", line: 3, reason: "takes five minutes" },
  ]);
  const stale = findDocBlocks("x.md", text.replace("bash long.sh out\n", ""));
  assert(stale.problems[0].includes("matches no command"), stale.problems[0]);
});

Deno.test("findDocBlocks refuses elided commands, cd, unknown options and modes", () => {
  const elided = findDocBlocks("x.md", page("<!-- doc-test: run -->", "```sh", "ls", "...", "```"));
  assert(elided.problems[0].startsWith('x.md:4: "..." stands for elided commands'));
  const cd = findDocBlocks("x.md", page("<!-- doc-test: run -->", "```sh", "cd /src", "```"));
  assert(cd.problems[0].startsWith('x.md:3: "cd" has no effect'), cd.problems[0]);
  const option = findDocBlocks(
    "x.md",
    page("<!-- doc-test: run; exit two -->", "```sh", "ls", "```"),
  );
  assert(option.problems[0].includes('unknown doc-test option "exit two"'), option.problems[0]);
  const mode = findDocBlocks("x.md", page("<!-- doc-test: runnable -->", "```sh", "ls", "```"));
  assert(mode.problems[0].includes('got "runnable"'), mode.problems[0]);
});

Deno.test("findDocBlocks keeps a ; inside a given command", () => {
  const text = page(
    "<!-- doc-test: run; given: printf 'a;b' > f; echo x > g; exit 3 -->",
    "```sh",
    "ls",
    "```",
  );
  const [block] = findDocBlocks("x.md", text).blocks;
  assertEquals(block.given.map((command) => command.command), [
    "printf 'a;b' > f; echo x > g",
  ]);
  assertEquals(block.exitCode, 3);
});

Deno.test("findDocBlocks reads a transcript's commands and the output shown after each", () => {
  const text = page(
    "  <!-- doc-test: run; exit 2; numbers: any -->",
    "  ```console",
    "  $ deno task bench --hosts -5",
    "  error: flag --hosts ...",
    "",
    "  $ deno task sim --duration -5s",
    "  error: flag --duration",
    "  ```",
  );
  const [block] = findDocBlocks("x.md", text).blocks;
  assertEquals(block.kind, "transcript");
  assertEquals(block.anyNumbers, true);
  assertEquals(block.commands.map((c) => [c.command, c.line, c.expectedOutput]), [
    ["deno task bench --hosts -5", 3, ["error: flag --hosts ..."]],
    ["deno task sim --duration -5s", 6, ["error: flag --duration"]],
  ]);
});
