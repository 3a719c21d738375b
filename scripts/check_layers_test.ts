import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { checkLayers, type LayerException, readLibFiles } from "./check_layers.ts";

const LAYERS = ["top", "middle", "bottom"];

function check(files: Record<string, string>, exceptions: LayerException[] = []): string[] {
  return checkLayers(new Map(Object.entries(files)), { layers: LAYERS, maxLines: 5, exceptions });
}

Deno.test("checkLayers passes imports down the layers and inside an area", () => {
  const problems = check({
    "top/a.ts": 'import "../middle/b.ts";\nimport "../bottom/c.ts";\nimport "./d.ts";\n',
    "top/d.ts": 'import "npm:yaml";\n',
    "middle/b.ts": 'import "../bottom/c.ts";\n',
    "bottom/c.ts": "",
    "cli_test.ts": 'import "./top/a.ts";\n',
  });
  assertEquals(problems, []);
});

Deno.test("checkLayers refuses an upward import, naming file, line and both areas", () => {
  const problems = check({ "bottom/c.ts": '\nimport { x } from "../top/a.ts";\n', "top/a.ts": "" });
  assertEquals(problems.length, 1);
  assert(
    problems[0].startsWith("lib/bottom/c.ts:2: upward import: bottom imports top (lib/top/a.ts)"),
    problems[0],
  );
});

Deno.test("checkLayers refuses an import cycle between files, of two or more", () => {
  const pair = check({ "top/a.ts": 'import "./b.ts";\n', "top/b.ts": 'import "./a.ts";\n' });
  assertEquals(pair, ["lib/top/a.ts: import cycle: lib/top/a.ts -> lib/top/b.ts -> lib/top/a.ts"]);
  const ring = check({
    "top/a.ts": 'import "./b.ts";\n',
    "top/b.ts": 'import type { C } from "./c.ts";\n',
    "top/c.ts": 'import "./a.ts";\n',
    "top/d.ts": 'import "./a.ts";\n',
  });
  assertEquals(ring, [
    "lib/top/a.ts: import cycle: lib/top/a.ts -> lib/top/b.ts -> lib/top/c.ts -> lib/top/a.ts",
  ]);
});

Deno.test("checkLayers refuses a file over the line limit, and an import of a missing file", () => {
  const problems = check({
    "top/long.ts": "1\n2\n3\n4\n5\n6\n",
    "top/fine.ts": "1\n2\n3\n4\n5\n",
    "top/x.ts": 'import "./gone.ts";\nimport "../../outside.ts";\n',
  });
  assertEquals(problems, [
    "lib/top/long.ts: 6 lines, over 5: split it along its seams (STYLE.md rule 1)",
    "lib/top/x.ts:1: imports ./gone.ts, which is not a file of lib/",
    "lib/top/x.ts:2: imports ../../outside.ts, outside lib/",
  ]);
});

Deno.test("checkLayers refuses an area missing from the layer list", () => {
  const problems = check({ "other/x.ts": 'import "../top/a.ts";\n', "top/a.ts": "" });
  assert(problems[0].includes("area lib/other/ is not in the layer list"), problems[0]);
});

Deno.test("checkLayers exempts a cycle through an allowed import edge", () => {
  const files = { "top/a.ts": 'import "./b.ts";\n', "top/b.ts": 'import "./a.ts";\n' };
  const exception: LayerException = {
    rule: "import",
    file: "top/b.ts",
    target: "top/a.ts",
    reason: "under edit",
  };
  assertEquals(check(files, [exception]), []);
});

Deno.test("checkLayers allows a named exception, and refuses one that matches nothing", () => {
  const files = {
    "bottom/c.ts": 'import "../top/a.ts";\n',
    "top/a.ts": "1\n2\n3\n4\n5\n6\n",
  };
  const exceptions: LayerException[] = [
    { rule: "import", file: "bottom/c.ts", target: "top/a.ts", reason: "under edit" },
    { rule: "size", file: "top/a.ts", reason: "under edit" },
  ];
  assertEquals(check(files, exceptions), []);
  const stale = check({ "top/a.ts": "" }, exceptions);
  assertEquals(stale, [
    "scripts/check_layers.ts: the exception for lib/bottom/c.ts (import of lib/top/a.ts) matches nothing any more: remove it",
    "scripts/check_layers.ts: the exception for lib/top/a.ts (size) matches nothing any more: remove it",
  ]);
});

Deno.test("lib/ follows the layers of DESIGN.md, with no import cycle and no file over 400 lines", async () => {
  const lib = new URL("../lib", import.meta.url).pathname;
  const files = await readLibFiles(lib);
  assert(files.size > 100, `only ${files.size} files read from lib/`);
  const problems = checkLayers(files);
  assert(problems.length === 0, `scripts/check_layers.ts finds:\n${problems.join("\n")}`);
});
