// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, rejects } from "node:assert/strict";
import { PairedRatiosError } from "../lib/bench/paired_ratios.ts";
import type { RunResult } from "../lib/bench/run_result.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../lib/bench/testdata/run_fixtures.ts";
import { pairedRatiosCommand } from "./paired_ratios.ts";

function run(variant: string, iteration: number, cpuMs: number): RunResult {
  return {
    ...fakeRun({ variant, hosts: 20, msgs: 100, measured: { ...TEST_MEASUREMENTS, cpuMs } }),
    iteration,
    seed: 100 + iteration,
  };
}

async function resultsFile(results: RunResult[]): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".ndjson" });
  await Deno.writeTextFile(path, results.map((result) => JSON.stringify(result)).join("\n"));
  return path;
}

Deno.test("pairedRatiosCommand prints each round's ratio and their median", async () => {
  const path = await resultsFile([
    run("default", 0, 100),
    run("states", 0, 110),
    run("states", 1, 130),
    run("default", 1, 100),
  ]);
  const text = await pairedRatiosCommand([path, "--metrics", "cpuMs", "--rounds"]);
  assert(text.includes("20 x 100   cpuMs"), text);
  assert(text.includes("n=2   1.200"), text);
  assert(text.includes("round   0  1.100  (110.0 / 100.0)"), text);
  assert(text.includes("round   1  1.300  (130.0 / 100.0)"), text);
  await Deno.remove(path);
});

Deno.test("pairedRatiosCommand names what is wrong with its input", async () => {
  const path = await resultsFile([run("default", 0, 100), run("states", 0, 110)]);
  const fails = (args: string[], message: string) =>
    rejects(pairedRatiosCommand(args), (error) => {
      assert(error instanceof PairedRatiosError, String(error));
      assert(error.message.includes(message), error.message);
      return true;
    });
  await fails([], "expected one results file, got 0");
  await fails([path, "--bogus"], "paired_ratios.ts: Unknown option '--bogus'");
  await fails([path, "--baseline", "floodsub"], 'variant "floodsub" has no counted run');
  await fails([`${path}.missing`], "holds no run results");
  await Deno.remove(path);
});
