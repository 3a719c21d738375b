/**
 * Prints the per-round paired ratios of two variants from a bench's results file: the median,
 * the quartiles and a bootstrap 95% interval of `variant / baseline`, rounds paired by iteration
 * (a round's runs share a seed).
 *
 *     deno run --allow-read scripts/paired_ratios.ts results/<bench>/results.ndjson
 *     deno run --allow-read scripts/paired_ratios.ts <file> --variant states --baseline default \
 *       --metrics cpuMs,activeMs,peakRssBytes,phasesMs.init --rounds
 *
 * Bad input gets one line on stderr and exit code 2.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  pairedRatios,
  PairedRatiosError,
  type PairedRatioSummary,
} from "../lib/bench/paired_ratios.ts";
import { readResults, ResultsFileError } from "../lib/bench/results_store.ts";
import { createSeededRandom } from "../lib/bench/seeded_random.ts";

const USAGE =
  "usage: paired_ratios.ts <results.ndjson> [--variant states] [--baseline default] [--metrics cpuMs,activeMs,peakRssBytes] [--rounds] [--json]";

/** Reads the results named by `args` and returns the text to print. */
export async function pairedRatiosCommand(args: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        variant: { type: "string", default: "states" },
        baseline: { type: "string", default: "default" },
        metrics: { type: "string", default: "cpuMs,activeMs,peakRssBytes" },
        rounds: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new PairedRatiosError(`paired_ratios.ts: ${(error as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new PairedRatiosError(
      `paired_ratios.ts: expected one results file, got ${positionals.length}; ${USAGE}`,
    );
  }
  const file = positionals[0];
  const { results } = await readResults(file);
  if (results.length === 0) {
    throw new PairedRatiosError(
      `paired_ratios.ts: "${file}" holds no run results (missing, empty or not a results file)`,
    );
  }
  const summaries = pairedRatios(results, [values.variant, values.baseline], {
    metrics: values.metrics.split(",").map((metric) => metric.trim()),
    // Fixed: the same file always prints the same interval.
    random: createSeededRandom(1),
  });
  if (values.json) return JSON.stringify(summaries, null, 2);
  return _format(summaries, `${values.variant} / ${values.baseline}`, values.rounds);
}

function _format(summaries: PairedRatioSummary[], title: string, rounds: boolean): string {
  const lines = [
    `${title}, paired by round: median [95% bootstrap CI of the median], quartiles`,
  ];
  for (const s of summaries) {
    const cell = `${s.hosts} x ${s.msgs}`;
    const figure = s.median === null
      ? "no paired rounds"
      : `${_f(s.median)} [${_f(s.low)}, ${_f(s.high)}]  q1-q3 ${_f(s.q1)}-${_f(s.q3)}`;
    lines.push(
      `${cell.padEnd(10)} ${s.metric.padEnd(24)} n=${String(s.rounds.length).padEnd(3)} ${figure}`,
    );
    if (rounds) {
      for (const round of s.rounds) {
        lines.push(
          `    round ${String(round.iteration).padStart(3)}  ${_f(round.ratio)}  (${
            round.numerator.toFixed(1)
          } / ${round.denominator.toFixed(1)})`,
        );
      }
    }
  }
  return lines.join("\n");
}

function _f(value: number | null): string {
  return value === null ? "-" : value.toFixed(3);
}

if (import.meta.main) {
  try {
    console.log(await pairedRatiosCommand(Deno.args));
  } catch (error) {
    if (error instanceof PairedRatiosError || error instanceof ResultsFileError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}
