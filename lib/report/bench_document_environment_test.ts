// The report's environment section: what it says of the machine, the packages and the runs' V8
// flags.
import { ok as assert } from "node:assert/strict";
import {
  benchInput,
  renderBenchMarkdown,
  testEnvironment,
} from "./testdata/bench_report_fixtures.ts";

Deno.test("buildBenchDocument says when the environment was not recorded", () => {
  const markdown = renderBenchMarkdown(benchInput());
  assert(markdown.includes("## Environment\n\nThe environment was not recorded for this bench.\n"));
});

Deno.test("buildBenchDocument lists the environment and the key packages only", () => {
  const markdown = renderBenchMarkdown(benchInput({
    environment: testEnvironment({
      memoryBytes: 1.5 * 2 ** 30,
      packages: { "libp2p": "npm:libp2p@3.3.11", "yaml": "npm:yaml@2.9.1" },
    }),
  }));
  assert(markdown.includes("- CPU: Test CPU x 8\n- Memory: 1.5 GiB\n"), markdown);
  assert(markdown.includes("  - libp2p: `npm:libp2p@3.3.11`"));
  assert(!markdown.includes("yaml"));
});

Deno.test("buildBenchDocument names the runs' V8 flags, and says nothing of them without any", () => {
  const environment = testEnvironment();
  const flagged = renderBenchMarkdown(benchInput({
    environment,
    v8Flags: ["--heap-growing-percent=50,--max-semi-space-size=8", ""],
  }));
  assert(
    flagged.includes(
      "- V8 flags of the runs' processes: `--heap-growing-percent=50,--max-semi-space-size=8`; " +
        "none\n",
    ),
    flagged,
  );
  assert(!renderBenchMarkdown(benchInput({ environment })).includes("V8 flags"));
});
