import assert from "node:assert/strict";
import { jsonErrorReason, oneLine } from "./one_line.ts";

function jsonError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

Deno.test("oneLine() folds every line break and the spaces around it into one space", () => {
  assert.equal(oneLine("  first\n   second\r\nthird \n"), "first second third");
  assert.equal(oneLine("already one line"), "already one line");
});

Deno.test("jsonErrorReason() drops the input V8 quotes, newlines and all", () => {
  assert.equal(jsonErrorReason(jsonError('{"script": [\n  x\n]}\n')), "Unexpected token 'x'");
  assert.equal(jsonErrorReason(jsonError("[1,")), "Unexpected end of JSON input");
  const reason = jsonErrorReason(jsonError('{"a": 1,\n}'));
  assert.doesNotMatch(reason, /\n/);
  assert.match(reason, /position|token/);
});
