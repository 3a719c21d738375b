// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));
// The permissions `deno task node` runs with.
const PERMISSIONS = [
  "--allow-read",
  "--allow-net",
  "--allow-env",
  "--allow-sys=hostname,networkInterfaces",
];

async function runNode(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, "node", ...args],
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

Deno.test("main.ts node refuses a bad params.json with one line on stderr and exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "interop-cli-" });
  try {
    const path = `${dir}/params.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ script: [{ type: "connect", connectTo: [-1] }] }),
    );
    const result = await runNode(["--params", path]);
    assertEquals(result.code, 2);
    assertEquals(result.stdout, "");
    assertEquals(
      result.stderr,
      `error: ${path}: script[0].connectTo[0]: must be a node id (an integer in [0, 2147483647]), got -1\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts node without --params says which flag is missing, exit 2", async () => {
  const result = await runNode([]);
  assertEquals([result.code, result.stdout], [2, ""]);
  assertEquals(
    result.stderr,
    "error: flag --params: required, the path of the experiment's params.json\n",
  );
});

Deno.test("main.ts node --help prints the usage and exits 0", async () => {
  const result = await runNode(["--help"]);
  assertEquals(result.code, 0);
  assert(result.stdout.startsWith("Usage: deno task node --params "), result.stdout);
});

Deno.test("main.ts node refuses an unknown --stack, naming the stacks, exit 2", async () => {
  const result = await runNode(["--params", "/x.json", "--stack", "rust"]);
  assertEquals([result.code, result.stdout], [2, ""]);
  assertEquals(result.stderr, "error: flag --stack: must be one of default, chainsafe, got rust\n");
});
