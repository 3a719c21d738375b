/**
 * A notebook's bench against a baseline bench: which earlier bench to compare with (the previous
 * comparable one, or a given one), the comparison by the bench area's `compareToBaseline`, and
 * its figure and verdicts as notebook outputs.
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import {
  type BenchOutcome,
  compareToBaseline,
  createSeededRandom,
  isCounted,
  METRICS,
  readResults,
  RESULTS_FILE,
  type RunResult,
} from "../bench/mod.ts";
import { type BaselineBench, REPORT_METRICS } from "../report/mod.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { NotebookError } from "./notebook_error.ts";
import { renderComparisonChartSvg } from "./render_comparison_chart_svg.ts";
import { markdownOutput, type NotebookOutput } from "./show.ts";

/** Options of {@linkcode compareWithBaseline}. */
export interface CompareWithBaselineOptions {
  /**
   * `"previous"`: the most recent other bench under `resultsRoot` with the same scenario and a
   * cell in common; a bench folder or results file; `""` for none. @default "previous"
   */
  baseline?: unknown;
  /** Where `"previous"` looks. @default the folder above this bench's */
  resultsRoot?: string;
  /** Seed of the bootstrap intervals. @default 1 */
  seed?: number;
  /** The relative change counted as noise. @default 0.02 */
  noiseThreshold?: number;
}

/** The outcome: the comparison, or why there is none. */
export interface NotebookComparison {
  /** For the report's "vs baseline" columns (`buildBenchView`); absent without a baseline. */
  baseline?: BaselineBench;
  /** The baseline's results file, for `writeBenchReport`'s `baselinePath`. */
  baselinePath?: string;
  /** How the baseline was chosen, or why there is none, as a sentence. */
  note: string;
}

/** How many earlier benches "previous" reads at most, newest first. */
const _MAX_CANDIDATES = 30;

/**
 * Compares `outcome` with a baseline bench: ratios of medians (this bench over the baseline)
 * with bootstrap intervals for the report's figures, per cell present in both.
 *
 * @throws {NotebookError} when `baseline` is not a string, or names a bench that cannot be read,
 * holds no results, ran another scenario or has no cell in common
 */
export async function compareWithBaseline(
  outcome: BenchOutcome,
  options: CompareWithBaselineOptions = {},
): Promise<NotebookComparison> {
  const choice = options.baseline ?? "previous";
  if (typeof choice !== "string") {
    throw new NotebookError(
      `notebook parameters: baseline must be "previous", a bench folder or results file, or "", ` +
        `got ${JSON.stringify(choice)}`,
    );
  }
  if (choice === "") return { note: 'No baseline set (baseline is "").' };
  const benchDir = dirname(resolve(outcome.resultsPath));
  const found = choice === "previous"
    ? await _previousBench(outcome.results, benchDir, options.resultsRoot ?? dirname(benchDir))
    : await _givenBench(outcome.results, choice);
  if ("none" in found) return { note: found.none };
  const noiseThreshold = options.noiseThreshold ?? 0.02;
  const comparisons = compareToBaseline(outcome.results, found.results, {
    metrics: [...REPORT_METRICS],
    random: createSeededRandom(options.seed ?? 1).fork("baseline"),
    noiseThreshold,
  });
  return {
    baseline: {
      label: found.label,
      benchId: found.results[0].benchId,
      comparisons,
      noiseThreshold,
    },
    baselinePath: found.path,
    note: found.note,
  };
}

interface _Found {
  path: string;
  label: string;
  results: RunResult[];
  note: string;
}

async function _givenBench(
  results: readonly RunResult[],
  given: string,
): Promise<_Found> {
  let path = given;
  try {
    if ((await Deno.stat(given)).isDirectory) path = `${given}/${RESULTS_FILE}`;
    await Deno.stat(path);
  } catch (error) {
    throw new NotebookError(
      `baseline "${given}": not found (${
        error instanceof Error ? error.message : error
      }); give a bench folder or its ${RESULTS_FILE}, "previous", or ""`,
    );
  }
  const baseline = (await readResults(path)).results;
  const problem = _incomparable(results, baseline);
  if (problem) throw new NotebookError(`baseline "${given}": ${problem}`);
  return {
    path,
    label: given,
    results: baseline,
    note: `Baseline: \`${given}\` (bench \`${baseline[0].benchId}\`).`,
  };
}

async function _previousBench(
  results: readonly RunResult[],
  benchDir: string,
  root: string,
): Promise<_Found | { none: string }> {
  const candidates: { path: string; modified: number }[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      const path = `${root}/${entry.name}/${RESULTS_FILE}`;
      if (resolve(root, entry.name) === benchDir) continue;
      try {
        candidates.push({ path, modified: (await Deno.stat(path)).mtime?.getTime() ?? 0 });
      } catch {
        // not a bench folder
      }
    }
  } catch {
    return { none: `No earlier bench to compare with: cannot list \`${root}\`.` };
  }
  candidates.sort((a, b) => b.modified - a.modified);
  for (const { path } of candidates.slice(0, _MAX_CANDIDATES)) {
    let baseline: RunResult[];
    try {
      baseline = (await readResults(path)).results;
    } catch {
      continue;
    }
    if (_incomparable(results, baseline) !== undefined) continue;
    const folder = basename(dirname(path));
    return {
      path,
      label: folder,
      results: baseline,
      note: `Baseline: \`${folder}\`, the most recent other bench under \`${
        basename(root)
      }/\` with the same scenario and a cell in common (set \`baseline\` to choose another).`,
    };
  }
  return {
    none:
      `No earlier bench under \`${
        basename(root)
      }/\` ran the same scenario with a cell in common: run the notebook again after a change, ` +
      `or set \`baseline\` to a bench folder.`,
  };
}

/** Why `baseline` cannot be compared with `results`, if it cannot. */
function _incomparable(
  results: readonly RunResult[],
  baseline: readonly RunResult[],
): string | undefined {
  const ok = baseline.filter((result) => result.ok && isCounted(result));
  if (ok.length === 0) return "holds no counted ok runs";
  if (JSON.stringify(results[0]?.scenario) !== JSON.stringify(baseline[0].scenario)) {
    return "ran another scenario (pattern, payload, dials, ...); compare benches of one scenario";
  }
  const cells = new Set(ok.map((result) => _cellKey(result.cell)));
  if (!results.some((result) => cells.has(_cellKey(result.cell)))) {
    return "has no cell (hosts, msgs, variant) in common with this bench";
  }
  return undefined;
}

function _cellKey(cell: RunResult["cell"]): string {
  return `${cell.hosts}/${cell.msgs}/${cell.variant}`;
}

/**
 * The comparison as notebook outputs: a Markdown paragraph naming the baseline and every change
 * beyond noise (or saying there is none), then the figure of all ratios with their intervals.
 * Without a baseline, just the note.
 */
export async function comparisonOutputs(
  comparison: NotebookComparison,
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const baseline = comparison.baseline;
  if (!baseline) return [markdownOutput(comparison.note)];
  const label = (metric: string): string =>
    METRICS.find((spec) => spec.key === metric)?.label ?? metric;
  const rows = baseline.comparisons
    .filter((entry) => entry.estimate.ratio !== null)
    .sort((a, b) =>
      REPORT_METRICS.indexOf(a.metric) - REPORT_METRICS.indexOf(b.metric) ||
      a.hosts - b.hosts || a.msgs - b.msgs || a.variant.localeCompare(b.variant)
    )
    .map((entry) => ({
      label: `${
        label(entry.metric)
      } · ${entry.hosts} hosts x ${entry.msgs} msgs · ${entry.variant}`,
      ratio: entry.estimate.ratio!,
      ...(entry.estimate.low !== null && entry.estimate.high !== null
        ? { low: entry.estimate.low, high: entry.estimate.high }
        : {}),
      change: entry.change,
    }));
  const changed = rows.filter((row) => row.change !== null);
  const percent = Math.round(baseline.noiseThreshold * 100);
  const verdict = changed.length === 0
    ? `No figure changed beyond the ±${percent}% noise band (${rows.length} ratios compared).`
    : `Changed beyond the ±${percent}% noise band:\n\n${
      changed.map((row) =>
        `- ${row.label}: ${row.change} (×${row.ratio.toFixed(2)}, 95% interval ${
          row.low?.toFixed(2)
        }–${row.high?.toFixed(2)})`
      ).join("\n")
    }`;
  const svg = renderComparisonChartSvg({
    title: "This bench against the baseline",
    rows,
    noiseThreshold: baseline.noiseThreshold,
  });
  return [
    markdownOutput(`${comparison.note}\n\n${verdict}`),
    // A row per figure and cell makes it tall: 1 pixel per unit keeps it small, still legible.
    await chartOutput(svg, "This bench against the baseline", { scale: 1, ...options }),
  ];
}
