// docs/states.md's floor experiment is a patch applied to the working tree: it must keep applying
// to the code as the code changes, or the documented command stops working.
import { ok as assert } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

Deno.test("docs/experiments/states_floor.patch applies to the current code", async () => {
  const { code, stderr } = await new Deno.Command("git", {
    args: ["apply", "--check", "docs/experiments/states_floor.patch"],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert(code === 0, `git apply --check failed:\n${new TextDecoder().decode(stderr)}`);
});

Deno.test("the floor experiment's patch adds both variants it documents", async () => {
  const patch = await Deno.readTextFile(`${root}docs/experiments/states_floor.patch`);
  for (const variant of ["states-flat", "states-direct"]) {
    assert(patch.includes(`orchestration: ${variant}`), `no ${variant} variant in the patch`);
  }
});
