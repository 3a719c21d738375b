// A bench renders its report while its last runs' processes exit, from results whose
// durationMs and exitAfterReportMs are not final yet (lib/bench/speculative_report.ts). That is
// only right while the report shows neither: these tests fail the day it does.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { RunResult } from "../bench/mod.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../bench/testdata/run_fixtures.ts";
import { writeBenchReport } from "./write_bench_report.ts";

function ndjson(results: RunResult[]): string {
  return results.map((result) => JSON.stringify(result) + "\n").join("");
}

function sample(exit: { durationMs: number; exitAfterReportMs: number }): RunResult[] {
  return [1, 2, 3, 4, 5, 6].flatMap((i) =>
    ["default", "states"].map((variant) => ({
      ...fakeRun({
        variant,
        measured: { ...TEST_MEASUREMENTS, activeMs: 100 + i * (variant === "states" ? 7 : 5) },
      }),
      key: `${variant}-${i}`,
      ...exit,
    }))
  );
}

/** Every file a report folder holds, by name, as text (PNG and PDF bytes as hex is enough). */
async function folderContents(dir: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for await (const entry of Deno.readDir(dir)) {
    const bytes = await Deno.readFile(`${dir}/${entry.name}`);
    contents[entry.name] = Array.from(bytes, (byte) => byte.toString(16)).join("");
  }
  return contents;
}

Deno.test("writeBenchReport gives the same files whatever durationMs and exitAfterReportMs are", async () => {
  const dir = await Deno.makeTempDir();
  const generatedAt = new Date("2026-01-02T03:04:05Z");
  await Deno.writeTextFile(
    `${dir}/results.ndjson`,
    ndjson(sample({ durationMs: 1500, exitAfterReportMs: 1010 })),
  );
  await writeBenchReport(`${dir}/results.ndjson`, { outDir: `${dir}/final`, generatedAt });
  await writeBenchReport(`${dir}/results.ndjson`, {
    outDir: `${dir}/ahead`,
    generatedAt,
    resultsText: ndjson(sample({ durationMs: 400, exitAfterReportMs: 0 })),
  });
  assertEquals(await folderContents(`${dir}/ahead`), await folderContents(`${dir}/final`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport reads resultsText instead of the file it names", async () => {
  const dir = await Deno.makeTempDir();
  const generatedAt = new Date("2026-01-02T03:04:05Z");
  const text = ndjson(sample({ durationMs: 1, exitAfterReportMs: 1 }));
  await Deno.writeTextFile(`${dir}/results.ndjson`, text);
  await writeBenchReport(`${dir}/results.ndjson`, { outDir: `${dir}/read`, generatedAt });
  // The named file is not there: only the text is read, and the report still names the path.
  await writeBenchReport(`${dir}/elsewhere/results.ndjson`, {
    outDir: `${dir}/given`,
    generatedAt,
    resultsText: text,
  });
  const read = await Deno.readTextFile(`${dir}/read/bench.md`);
  const given = await Deno.readTextFile(`${dir}/given/bench.md`);
  assertEquals(given, read.replaceAll(`${dir}/results.ndjson`, `${dir}/elsewhere/results.ndjson`));
  await Deno.remove(dir, { recursive: true });
});
