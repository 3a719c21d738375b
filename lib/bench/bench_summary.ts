/**
 * What a bench concluded, for the terminal and summary.json: the cells, the variant verdicts and
 * their sentences, the steadier figure; and the calibration a `--calibrate` bench writes.
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { formatComparisonTable, formatSummaryTable } from "./format_summary.ts";
import { writeTextAtomically } from "./write_text_atomically.ts";
import {
  type CellSummary,
  COMPARED_METRICS,
  compareVariants,
  summarizeResults,
  type VariantComparison,
} from "./summarize_results.ts";
import {
  calibrateNoise,
  CALIBRATION_FILE,
  type NoiseCalibration,
  type NoiseSource,
} from "./noise_calibration.ts";
import { findSteadierFigure, type SteadierFigure } from "./steadier_figure.ts";
import { figureWords, steadierSentence, verdictSentences } from "./verdict_sentences.ts";
import type { RunResult } from "./run_result.ts";
import { referenceVariantOf, sequentialRuleOf } from "./sequential_rule.ts";
import {
  sequentialCellSentence,
  sequentialRuleSentence,
  type SequentialSummary,
  summarizeSequential,
} from "./sequential_summary.ts";

/** What a bench concluded: per-cell summaries and, with several variants, their verdicts. */
export interface BenchSummary {
  cells: CellSummary[];
  /** The variant the others are divided by; absent with a single variant. */
  baseline?: string;
  comparisons: VariantComparison[];
  /** The headline figure (`comparison.primary`). */
  primary: string;
  /** The noise thresholds' source: the floor and the calibration in force. */
  noise: NoiseSource;
  /** The false discovery rate the verdicts used. */
  falseDiscoveryRate: number;
  /** Which of active and CPU time spread less in this bench. */
  steadier: SteadierFigure;
  /** Under sequential sampling: the stop rule and where each cell ended. */
  sequential?: SequentialSummary;
}

/** Options of {@linkcode summarizeBench}. */
export interface SummarizeBenchOptions {
  /** Where the noise thresholds come from. @default the floor of `config.comparison` only */
  noise?: NoiseSource;
}

/**
 * Summarises `results`: every cell, and when several variants ran, each against `default` (or
 * the first variant) on every compared figure, judged as one family (docs/statistics.md).
 */
export function summarizeBench(
  results: readonly RunResult[],
  config: BenchConfig,
  options: SummarizeBenchOptions = {},
): BenchSummary {
  const cells = summarizeResults(results);
  const { minSamples, primary, falseDiscoveryRate, noiseFloor } = config.comparison;
  const noise = options.noise ?? { floor: noiseFloor };
  const rule = sequentialRuleOf(config);
  const common = {
    primary,
    noise,
    falseDiscoveryRate,
    steadier: findSteadierFigure(cells),
    ...(rule ? { sequential: summarizeSequential(results, rule) } : {}),
  };
  const variants = config.matrix.variants;
  if (variants.length < 2) return { cells, comparisons: [], ...common };
  const baseline = referenceVariantOf(variants);
  const comparisons = compareVariants(results, {
    baseline,
    metrics: _primaryFirst(primary),
    minSamples,
    falseDiscoveryRate,
    noise,
  });
  return { cells, baseline, comparisons, ...common };
}

/** The compared figures with the primary one first. */
function _primaryFirst(primary: string): string[] {
  return [primary, ...COMPARED_METRICS.filter((metric) => metric !== primary)];
}

/**
 * The terminal summary: the cell table; with several variants the comparison table and the
 * verdicts in words; which of active and CPU time spread less.
 */
export function renderBenchSummary(summary: BenchSummary): string {
  const parts = [formatSummaryTable(summary.cells, { primary: summary.primary })];
  if (summary.baseline !== undefined) {
    parts.push(
      `Against ${summary.baseline}: Hodges-Lehmann ratio of the paired rounds with its exact CI, ` +
        `signed-rank p-value adjusted over the ${summary.comparisons.length} figures (Benjamini-Hochberg):`,
    );
    parts.push(formatComparisonTable(summary.comparisons));
    const sentences = verdictSentences(summary.comparisons, {
      noise: summary.noise,
      primary: summary.primary,
      falseDiscoveryRate: summary.falseDiscoveryRate,
    });
    parts.push(...sentences.map((sentence) => `- ${sentence}`));
  }
  if (summary.sequential !== undefined) {
    parts.push(`- ${sequentialRuleSentence(summary.sequential.rule)}`);
    parts.push(...summary.sequential.cells.map((cell) => `  - ${sequentialCellSentence(cell)}`));
  }
  const steadier = steadierSentence(summary.steadier, summary.primary);
  if (steadier !== undefined) parts.push(`- ${steadier}`);
  return parts.join("\n");
}

/**
 * Writes the A/A calibration of a `--calibrate` bench beside it and into the results root, and
 * prints each figure's spread per cell (a note when the rounds are fewer than `minSamples`).
 */
export async function saveCalibration(
  results: readonly RunResult[],
  outDir: string,
  resultsRoot: string,
  minSamples: number,
): Promise<void> {
  const calibration = calibrateNoise(results);
  if (!calibration) {
    console.error("calibration not written: no round has both default and twin ok");
    return;
  }
  const text = JSON.stringify(calibration, null, 2) + "\n";
  const paths = [`${outDir}/${CALIBRATION_FILE}`, `${resultsRoot}/${CALIBRATION_FILE}`];
  for (const path of paths) await writeTextAtomically(path, text);
  console.log(`calibration: ${paths.join(" and ")}`);
  console.log(_calibrationLines(calibration));
  const rounds = Math.min(
    ...calibration.figures.flatMap((figure) => figure.cells.map((cell) => cell.rounds)),
  );
  if (rounds < minSamples) {
    console.log(
      `note: ${rounds} rounds per cell give a rough spread; run at least ${minSamples} (--iterations)`,
    );
  }
}

/** One line per figure: its A/A spread per cell, as the threshold it gives. */
function _calibrationLines(calibration: NoiseCalibration): string {
  return calibration.figures.map((figure) =>
    `  ${figureWords(figure.metric)}: ${
      figure.cells.map((cell) =>
        `${cell.hosts}x${cell.msgs} ${((Math.exp(cell.spread) - 1) * 100).toFixed(1)}%`
      ).join(", ")
    }`
  ).join("\n");
}
