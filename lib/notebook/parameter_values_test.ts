// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { NotebookError } from "./notebook_error.ts";
import {
  parseParameterMapping,
  parseParameterValue,
  validateParameterName,
} from "./parameter_values.ts";

Deno.test("parseParameterValue reads JSON, and anything else as a string", () => {
  assertEquals(parseParameterValue("[3,5]", "hosts"), [3, 5]);
  assertEquals(parseParameterValue("3", "iterations"), 3);
  assertEquals(parseParameterValue("-1.5e3", "x"), -1500);
  assertEquals(parseParameterValue("true", "trace"), true);
  assertEquals(parseParameterValue("null", "x"), null);
  assertEquals(parseParameterValue('{"D": 8}', "gossipsub"), { D: 8 });
  assertEquals(parseParameterValue('"3"', "label"), "3");
  assertEquals(parseParameterValue("states", "variant"), "states");
  assertEquals(parseParameterValue("3,5", "hosts"), "3,5");
  assertEquals(parseParameterValue("", "x"), "");
  assertEquals(parseParameterValue("True", "x"), "True");
});

Deno.test("parseParameterValue refuses text that starts like JSON but is not", () => {
  throws(
    () => parseParameterValue("[3,5", "hosts"),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith('nb: -p hosts: "[3,5" looks like JSON but does not parse (') &&
      error.message.endsWith("); fix it, or pass a plain string with -r hosts VALUE"),
  );
  throws(() => parseParameterValue("{D: 8}", "gossipsub"), NotebookError);
});

Deno.test("parseParameterMapping reads a YAML or JSON mapping", () => {
  assertEquals(parseParameterMapping("{hosts: [3], variant: states}", "-y"), {
    hosts: [3],
    variant: "states",
  });
  assertEquals(parseParameterMapping('{"gossipsub": {"D": 8}}', "-f p.json"), {
    gossipsub: { D: 8 },
  });
});

Deno.test("parseParameterMapping refuses a top level that is not a mapping", () => {
  throws(
    () => parseParameterMapping("[3, 5]", "-y"),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        'nb: -y: must be a mapping of parameter names to values, e.g. "{hosts: [3]}", got [3,5]',
  );
  throws(
    () => parseParameterMapping("a: [1", "-f p.yml"),
    (error: Error) =>
      error instanceof NotebookError && error.message.startsWith("nb: -f p.yml: not YAML ("),
  );
});

Deno.test("validateParameterName accepts identifiers only", () => {
  validateParameterName("hosts", "-p");
  validateParameterName("$x_1", "-p");
  throws(
    () => validateParameterName("1hosts", "-p"),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        "nb: -p: parameter name must be a TypeScript identifier (letters, digits, _ or $, " +
          'not starting with a digit), got "1hosts"',
  );
  throws(() => validateParameterName("a-b", "-y"), NotebookError);
});
