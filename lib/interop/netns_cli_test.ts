// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../../scripts/interop_netns_run.ts", import.meta.url));

/** Runs `deno task node:netns`'s script with its task's permissions. */
async function runNetns(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      SCRIPT,
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

// These fail before any namespace is made, so they need no root.
for (
  const [args, message] of [
    [
      ["--mix", "default:2,rust:2"],
      'flag --mix: "rust:2": the stack must be one of default, chainsafe',
    ],
    [
      ["--nodes", "3", "--mix", "default:2"],
      "flag --nodes: 3 does not match --mix, which adds up to 2",
    ],
    [["--nodes", "1"], "flag --nodes: must be an integer >= 2, got 1"],
    [
      ["--from-test-plans", "/nonexistent", "--nodes", "2"],
      "flag --from-test-plans: cannot read /nonexistent/shadow.yaml",
    ],
  ] as const
) {
  Deno.test(`node:netns ${args.join(" ")} is refused with one line, exit 2`, async () => {
    const result = await runNetns([...args]);
    assertEquals([result.code, result.stdout], [2, ""]);
    assertEquals(result.stderr.startsWith(`error: ${message}`), true, result.stderr);
    assertEquals(result.stderr.trimEnd().includes("\n"), false, result.stderr);
  });
}
