/**
 * Prints each variant's ratio to `default` (median over counted ok runs, bootstrap 95% interval)
 * for CPU time and active time, from one or more bench results files, as a Markdown table, and
 * whether the transport targets of docs/transport.md are met.
 *
 *   deno run --allow-read scripts/transport_ratios.ts results/x/results.ndjson [more files]
 *
 * @module
 */
// the modules themselves, not lib/bench/mod.ts: that one loads the CLI's terminal libraries,
// which read the environment
import { compareVariants } from "../lib/bench/summarize_results.ts";
import { createSeededRandom } from "../lib/bench/seeded_random.ts";
import { readResults } from "../lib/bench/results_store.ts";
import { isCounted, type RunResult } from "../lib/bench/run_result.ts";

/** The targets: the fastest new variant must stay at or under these ratios to `default`. */
const TARGETS: Record<
  string,
  { metric: string; pattern: string; hosts: number; msgs: number; max: number }
> = {
  cpu: { metric: "cpuMs", pattern: "serial", hosts: 20, msgs: 100, max: 0.7 },
  active: { metric: "activeMs", pattern: "burst", hosts: 100, msgs: 100, max: 0.75 },
};

function _format(value: number | null, digits = 3): string {
  return value === null ? "-" : value.toFixed(digits);
}

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error("error: give at least one results.ndjson file");
    return 2;
  }
  const lines = [
    "| cell | pattern | variant | metric | ratio to default | 95% CI | runs (variant / default) |",
    "| --- | --- | --- | --- | ---: | --- | --- |",
  ];
  const verdicts: string[] = [];
  for (const file of files) {
    const { results } = await readResults(file);
    if (results.length === 0) {
      console.error(`error: ${file}: no runs (missing or empty file)`);
      return 2;
    }
    const pattern = results[0].scenario.pattern;
    const comparisons = compareVariants(results, {
      baseline: "default",
      metrics: ["cpuMs", "activeMs"],
      random: createSeededRandom(1),
    });
    for (const comparison of comparisons) {
      const counted = (variant: string): number =>
        results.filter((r: RunResult) =>
          isCounted(r) && r.ok && r.cell.variant === variant &&
          r.cell.hosts === comparison.hosts && r.cell.msgs === comparison.msgs
        ).length;
      const { ratio, low, high } = comparison.estimate;
      lines.push(
        `| ${comparison.hosts} x ${comparison.msgs} | ${pattern} | ${comparison.variant} | ${comparison.metric} | ${
          _format(ratio)
        } | [${_format(low)}, ${_format(high)}] | ${counted(comparison.variant)} / ${
          counted("default")
        } |`,
      );
      for (const [name, target] of Object.entries(TARGETS)) {
        if (
          target.metric === comparison.metric && target.pattern === pattern &&
          target.hosts === comparison.hosts && target.msgs === comparison.msgs && ratio !== null
        ) {
          verdicts.push(
            `${name} target (<= ${target.max}) for ${comparison.variant}: ratio ${
              _format(ratio)
            }, CI high ${_format(high)}: ${
              high !== null && high <= target.max
                ? "met, whole interval"
                : ratio <= target.max
                ? "met by the median ratio, not by the whole interval"
                : "not met"
            }`,
          );
        }
      }
    }
  }
  console.log(lines.join("\n"));
  if (verdicts.length > 0) console.log(`\n${verdicts.join("\n")}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
