import assert from "node:assert/strict";
import {
  flagField,
  isHttpUrl,
  type OverrideKey,
  parseIntListText,
  parseIntText,
  readOverrides,
  switchFromText,
} from "./overrides.ts";
import { assertConfigError } from "./_test_util.ts";

const HOSTS: OverrideKey<number> = {
  env: ["NUM_HOSTS", "HOSTS_TOO"],
  flag: "--hosts",
  parse: (raw) => parseIntText(raw, { min: 2, max: 10 }),
};
const QUIET: OverrideKey<boolean> = {
  env: ["QUIET"],
  parse: (raw) => {
    const value = switchFromText(raw);
    return value === undefined ? { error: " must be a switch" } : { value };
  },
};

Deno.test("readOverrides() applies every variable, then every flag, in key order", () => {
  const given = readOverrides([HOSTS, QUIET], {
    env: { NUM_HOSTS: "3", HOSTS_TOO: "4", QUIET: "yes" },
    flags: { hosts: "5" },
  });
  assert.deepEqual(
    given.map(({ value, origin }) => [origin.kind, origin.name, value]),
    [["env", "NUM_HOSTS", 3], ["env", "HOSTS_TOO", 4], ["env", "QUIET", true], [
      "flag",
      "--hosts",
      5,
    ]],
  );
});

Deno.test("readOverrides() ignores an empty variable but not an empty flag", () => {
  assert.deepEqual(readOverrides([HOSTS], { env: { NUM_HOSTS: "" } }), []);
  assertConfigError(
    () => readOverrides([HOSTS], { flags: { hosts: "" } }),
    'flag --hosts must be an integer from 2 to 10, got ""',
  );
});

Deno.test("readOverrides() checks a variable a flag overrides, naming the variable", () => {
  assertConfigError(
    () => readOverrides([HOSTS], { env: { HOSTS_TOO: "11" }, flags: { hosts: "5" } }),
    'env HOSTS_TOO must be an integer from 2 to 10, got "11"',
  );
  assertConfigError(
    () => readOverrides([QUIET], { env: { QUIET: "maybe" } }),
    "env QUIET must be a switch",
  );
});

Deno.test("flagField() is the flag's camelCase name", () => {
  assert.equal(flagField("--run-timeout-ms"), "runTimeoutMs");
  assert.equal(flagField("--max-peers"), "maxPeers");
  assert.equal(flagField("--trace"), "trace");
});

Deno.test("parseIntText() names both bounds and refuses what is past either", () => {
  assert.deepEqual(parseIntText(" 10 ", { min: 2, max: 10 }), { value: 10 });
  assert.deepEqual(parseIntText("+2", { min: 2, max: 10 }), { value: 2 });
  for (const raw of ["11", "1", "-5", "2.5", "1e3", "", "99999999999999999999"]) {
    assert.deepEqual(parseIntText(raw, { min: 2, max: 10 }), {
      error: ` must be an integer from 2 to 10, got ${JSON.stringify(raw)}`,
    });
  }
  assert.deepEqual(parseIntText("-9007199254740991"), { value: -9007199254740991 });
});

Deno.test("parseIntListText() refuses a value out of bounds, an empty item and a repeat", () => {
  const bounds = { min: 2, max: 100 };
  assert.deepEqual(parseIntListText("5,10", bounds), { value: [5, 10] });
  const rule = " must be a comma-separated list of integers from 2 to 100";
  assert.deepEqual(parseIntListText("5,1000", bounds), { error: `${rule}, got "5,1000"` });
  assert.deepEqual(parseIntListText("5,,6", bounds), { error: `${rule}, got "5,,6"` });
  assert.deepEqual(parseIntListText("5,5", bounds), {
    error: ' must not repeat a value, got "5,5"',
  });
});

Deno.test("switchFromText() reads the Go project's switches and nothing else", () => {
  for (const text of ["1", "true", "YES", " on "]) assert.equal(switchFromText(text), true);
  for (const text of ["0", "false", "No", "off"]) assert.equal(switchFromText(text), false);
  for (const text of ["", "2", "enabled"]) assert.equal(switchFromText(text), undefined);
});

Deno.test("isHttpUrl() takes http and https URLs with a host only", () => {
  assert.equal(isHttpUrl("http://127.0.0.1:4318"), true);
  assert.equal(isHttpUrl("https://collector.example/otlp"), true);
  for (
    const text of ["file:///etc/passwd", "ftp://x", "127.0.0.1:4318", "http://", "javascript:1"]
  ) {
    assert.equal(isHttpUrl(text), false, text);
  }
});
