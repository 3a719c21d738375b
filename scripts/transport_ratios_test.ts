// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, rejects } from "node:assert/strict";
import type { RunResult } from "../lib/bench/run_result.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../lib/bench/testdata/run_fixtures.ts";
import { transportRatiosCommand, TransportRatiosError } from "./transport_ratios.ts";

/** Paired rounds at 20 x 100 (serial): default at 1000 ms CPU, the variant at `ratios` of it. */
function rounds(variant: string, ratios: readonly number[]): RunResult[] {
  return ratios.flatMap((ratio, iteration) =>
    [["default", 1000], [variant, 1000 * ratio]].map(([name, cpuMs]) => ({
      ...fakeRun({
        variant: name as string,
        hosts: 20,
        msgs: 100,
        iteration,
        measured: { ...TEST_MEASUREMENTS, cpuMs: cpuMs as number },
      }),
      seed: 100 + iteration,
    }))
  );
}

async function resultsFile(results: RunResult[]): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".ndjson" });
  await Deno.writeTextFile(path, results.map((result) => JSON.stringify(result)).join("\n"));
  return path;
}

Deno.test("transportRatiosCommand says the CPU target is met when the whole interval is under 0.7", async () => {
  const path = await resultsFile(
    rounds("deno-tcp", [0.55, 0.6, 0.62, 0.58, 0.65, 0.57, 0.61, 0.59]),
  );
  const text = await transportRatiosCommand([path]);
  assert(text.includes("| 20 x 100 | serial | deno-tcp / default | cpuMs | 0.595 |"), text);
  // Hodges-Lehmann: exp of the median of the 36 Walsh averages of the log ratios, 0.5949
  // 8 rounds all lower: p = 2 / 2^8, significant after Benjamini-Hochberg over the two figures
  assert(text.includes("| 8 | lower |"), text);
  assert(
    text.includes("CPU per run at 20 x 100 serial, deno-tcp (target <= 0.7): ratio 0.595") &&
      text.includes("met, whole interval"),
    text,
  );
  await Deno.remove(path);
});

Deno.test("transportRatiosCommand says the CPU target is not met above 0.7", async () => {
  const path = await resultsFile(rounds("deno-native", [0.85, 0.9, 0.92, 0.88, 0.95, 0.87]));
  const text = await transportRatiosCommand([path]);
  assert(text.includes("deno-native (target <= 0.7): ratio 0.895"), text);
  assert(text.includes("not met"), text);
  assert(!text.includes("deno-tcp /"), text);
  await Deno.remove(path);
});

Deno.test("transportRatiosCommand names what is wrong with its input", async () => {
  const onlyDefault = await resultsFile(rounds("floodsub", [1, 1, 1, 1, 1]));
  const fails = (args: string[], message: string) =>
    rejects(transportRatiosCommand(args), (error) => {
      assert(error instanceof TransportRatiosError, String(error));
      assert(error.message.includes(message), error.message);
      return true;
    });
  await fails([], "give one or more results.ndjson files");
  await fails(["--json"], "give one or more results.ndjson files");
  await fails([`${onlyDefault}.missing`], "holds no run results");
  await fails([onlyDefault], "no file holds default and deno-tcp or deno-native runs");
  await Deno.remove(onlyDefault);
});
