// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { toTypeScriptLiteral } from "./typescript_literal.ts";

Deno.test("toTypeScriptLiteral writes JSON-like values as TypeScript literals", () => {
  assertEquals(toTypeScriptLiteral(3), "3");
  assertEquals(toTypeScriptLiteral(-2.5), "-2.5");
  assertEquals(toTypeScriptLiteral(-0), "-0");
  assertEquals(toTypeScriptLiteral(Infinity), "Infinity");
  assertEquals(toTypeScriptLiteral(NaN), "NaN");
  assertEquals(toTypeScriptLiteral(true), "true");
  assertEquals(toTypeScriptLiteral(null), "null");
  assertEquals(toTypeScriptLiteral("states"), '"states"');
  assertEquals(toTypeScriptLiteral('a "b"\n\u2028'), '"a \\"b\\"\\n\u2028"');
  assertEquals(toTypeScriptLiteral([]), "[]");
  assertEquals(toTypeScriptLiteral({}), "{}");
  assertEquals(toTypeScriptLiteral([3, 5]), "[3, 5]");
  assertEquals(
    toTypeScriptLiteral({ D: 8, "a-b": { $x: [true] }, "1": null }),
    '{ "1": null, D: 8, "a-b": { $x: [true] } }',
  );
});

Deno.test("toTypeScriptLiteral evaluates back to the value it was given", () => {
  const value = { hosts: [3, 5], router: { D: 8, floodPublish: false }, label: "x'y\"z", n: null };
  assertEquals(new Function(`return ${toTypeScriptLiteral(value)};`)(), value);
});

Deno.test("toTypeScriptLiteral spaces its output as deno fmt does", async () => {
  const source = [
    `hosts = ${toTypeScriptLiteral([3, 5])};`,
    `gossipsub = ${toTypeScriptLiteral({ D: 8, heartbeatIntervalMs: 700, "a-b": [] })};`,
    `variant = ${toTypeScriptLiteral("states")};`,
    `empty = ${toTypeScriptLiteral({})};`,
    "",
  ].join("\n");
  const formatted = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ts", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = formatted.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const output = await formatted.output();
  assertEquals(new TextDecoder().decode(output.stdout), source);
});

Deno.test("toTypeScriptLiteral refuses what JSON and YAML cannot give, naming where it is", () => {
  throws(
    () => toTypeScriptLiteral({ when: { at: new Date(0) } }),
    (error: Error) =>
      error instanceof TypeError &&
      error.message ===
        "toTypeScriptLiteral: value.when.at must be JSON-like (object, array, string, number, " +
          "boolean or null), got an instance of Date",
  );
  throws(
    () => toTypeScriptLiteral([1, undefined]),
    (error: Error) => error instanceof TypeError && error.message.includes("value[1]"),
  );
});
