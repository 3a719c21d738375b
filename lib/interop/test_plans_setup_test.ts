// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { patchTestPlans } from "./test_plans_setup.ts";

// Shaped like test-plans' files (written here, not copied): the dict and the rule we edit.
const EXPERIMENT_PY = `import random

IMPLEMENTATIONS: Dict[str, str] = {
    "go": "go-libp2p/gossipsub-bin",
    "rust": "rust-libp2p/target/debug/rust-libp2p-gossip",
}


def composition(impls):
    return [IMPLEMENTATIONS[name] for name in impls]
`;

const MAKEFILE = `all: binaries

binaries: nim-libp2p/gossipsub-bin
\tcd go-libp2p && go build -o gossipsub-bin

clean:
\trm -rf shadow-outputs
`;

const OPTIONS = { repoRoot: "/src/bench", denoPath: "/opt/deno/bin/deno" };

Deno.test("patchTestPlans adds our IMPLEMENTATIONS entries and the build line", () => {
  const patched = patchTestPlans({ experimentPy: EXPERIMENT_PY, makefile: MAKEFILE }, OPTIONS);
  assertEquals(patched.changed, true);
  assertEquals(
    patched.experimentPy.split("\n").slice(2, 8),
    [
      "IMPLEMENTATIONS: Dict[str, str] = {",
      "    # js-libp2p on Deno (libp2p-pubsub-benchmark): deno task node:build",
      '    "js": "js-libp2p/entry",',
      '    "js-chainsafe": "js-libp2p/entry-chainsafe",',
      '    "go": "go-libp2p/gossipsub-bin",',
      '    "rust": "rust-libp2p/target/debug/rust-libp2p-gossip",',
    ],
  );
  assertEquals(patched.makefile.split("\n").slice(2, 5), [
    "binaries: nim-libp2p/gossipsub-bin",
    "\tcd '/src/bench' && '/opt/deno/bin/deno' task node:build $(CURDIR)/js-libp2p",
    "\tcd go-libp2p && go build -o gossipsub-bin",
  ]);
});

Deno.test("patchTestPlans changes nothing the second time", () => {
  const once = patchTestPlans({ experimentPy: EXPERIMENT_PY, makefile: MAKEFILE }, OPTIONS);
  const twice = patchTestPlans(once, OPTIONS);
  assertEquals(twice, { ...once, changed: false });
});

Deno.test("patchTestPlans refuses a checkout without the IMPLEMENTATIONS dict", () => {
  throws(
    () =>
      patchTestPlans(
        { experimentPy: "def composition(x):\n  pass\n", makefile: MAKEFILE },
        OPTIONS,
      ),
    { name: "InteropError", message: /^experiment.py: no IMPLEMENTATIONS dict/ },
  );
  throws(
    () => patchTestPlans({ experimentPy: EXPERIMENT_PY, makefile: "all:\n" }, OPTIONS),
    { name: "InteropError", message: "Makefile: no binaries: rule" },
  );
});
