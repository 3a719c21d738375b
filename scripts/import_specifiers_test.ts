import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { findImportSpecifiers } from "./import_specifiers.ts";

function specifiers(source: string): Array<[string, number, boolean]> {
  return findImportSpecifiers(source).map((ref) => [ref.specifier, ref.line, ref.typeOnly]);
}

Deno.test("findImportSpecifiers reads static imports, re-exports and side-effect imports", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { B } from "../b/mod.ts";',
    "import {",
    "  c,",
    '} from "./c.ts";',
    'import "./side.ts";',
    'export { d } from "./d.ts";',
    'export type { E } from "./e.ts";',
    'export * from "./f.ts";',
    'export * as g from "./g.ts";',
    "import h, { i } from 'npm:h';",
  ].join("\n");
  assertEquals(specifiers(source), [
    ["./a.ts", 1, false],
    ["../b/mod.ts", 2, true],
    ["./c.ts", 5, false],
    ["./side.ts", 6, false],
    ["./d.ts", 7, false],
    ["./e.ts", 8, true],
    ["./f.ts", 9, false],
    ["./g.ts", 10, false],
    ["npm:h", 11, false],
  ]);
});

Deno.test("findImportSpecifiers reads dynamic imports and typeof import types", () => {
  const source = 'const m = await import("./m.ts");\ntype T = typeof import("./t.ts");\n' +
    "const n = await import(`./${name}.ts`);\nconsole.log(import.meta.url);\n";
  assertEquals(specifiers(source), [["./m.ts", 1, false], ["./t.ts", 2, true]]);
});

Deno.test("findImportSpecifiers ignores imports in comments, strings, templates and regexes", () => {
  const source = [
    "/**",
    " * ```ts",
    ' * import { x } from "./doc.ts";',
    " * ```",
    " */",
    '// import "./line.ts";',
    "const s = 'import { y } from \"./string.ts\"';",
    'const t = `import { z } from "./template.ts" ${\'}\'} import "./t2.ts"`;',
    'const r = /import "\\.\\/regex.ts"/;',
    "const q = a / b; const w = c / d;",
    'export const v = "export * from ./no.ts";',
    "export { local };",
    'import { real } from "./real.ts";',
  ].join("\n");
  assertEquals(specifiers(source), [["./real.ts", 13, false]]);
});

Deno.test("findImportSpecifiers resumes after a template's nested braces", () => {
  const source = 'const t = `a ${ { b: `c ${d}` }.b } e`;\nimport "./after.ts";\n';
  assertEquals(specifiers(source), [["./after.ts", 2, false]]);
});

Deno.test("findImportSpecifiers finds nothing in an empty file", () => {
  assertEquals(specifiers(""), []);
});
