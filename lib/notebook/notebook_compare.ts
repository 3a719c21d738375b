/**
 * A notebook's bench against a baseline bench: which earlier bench to compare with (the previous
 * comparable one, or a given one), the comparison by the bench area's `compareToBaseline` judged
 * as the report judges it, and its verdicts and figure as notebook outputs.
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import {
  type BenchOutcome,
  COMPARED_METRICS,
  compareMachineSpeed,
  compareToBaseline,
  environmentDifferences,
  figureWords,
  isCounted,
  machineDriftByFigure,
  machineSpeedSentence,
  type NoiseSource,
  readResults,
  resolveNoiseSource,
  RESULTS_FILE,
  type RunResult,
  verdictSentences,
} from "../bench/mod.ts";
import type { BenchConfig } from "../config/mod.ts";
import type { BaselineBench } from "../report/mod.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { NotebookError } from "./notebook_error.ts";
import { renderComparisonChartSvg } from "./render_comparison_chart_svg.ts";
import { markdownOutput, type NotebookOutput } from "./show.ts";

/** How comparisons are judged: bench.yml's `comparison` section. */
type _Settings = BenchConfig["comparison"];

/** bench.yml's defaults of the `comparison` section. */
const _DEFAULT_SETTINGS: _Settings = {
  minSamples: 5,
  primary: "activeMs",
  falseDiscoveryRate: 0.05,
  noiseFloor: 0.02,
  calibration: "",
};

/** Options of {@linkcode compareWithBaseline}. */
export interface CompareWithBaselineOptions {
  /**
   * `"previous"`: the most recent other bench under `resultsRoot` with the same scenario and a
   * cell in common; a bench folder or results file; `""` for none. @default "previous"
   */
  baseline?: unknown;
  /** Where `"previous"` and `calibration.json` are looked for. @default the folder above this bench's */
  resultsRoot?: string;
  /**
   * How the comparisons are judged, e.g. the notebook's `config.comparison`.
   * @default bench.yml's: minSamples 5, false discovery rate 0.05, noise floor 2%, no calibration file
   */
  comparison?: _Settings;
}

/** The outcome: the comparison, or why there is none. */
export interface NotebookComparison {
  /** For the report's "vs baseline" columns (`buildBenchView`); absent without a baseline. */
  baseline?: BaselineBench;
  /** The baseline's results file, for `writeBenchReport`'s `baselinePath`. */
  baselinePath?: string;
  /** How the baseline was chosen, or why there is none, as a sentence. */
  note: string;
  /**
   * The noise thresholds' source, found as `deno task report` finds it (the calibration file
   * named, this bench's twin runs, `<resultsRoot>/calibration.json`, else the floor); for
   * `buildBenchView`'s `noise`, so that the notebook's verdicts are the exported report's.
   */
  noise: NoiseSource;
  /** The settings the verdicts used. */
  settings: _Settings;
}

/** How many earlier benches "previous" reads at most, newest first. */
const _MAX_CANDIDATES = 30;

/**
 * Compares `outcome` with a baseline bench: per cell present in both, variant and figure, the
 * rank-sum test of the two benches' runs, the ratio (this bench over the baseline) with its
 * interval and a verdict, judged over every figure compared, as `deno task report --baseline`
 * judges them.
 *
 * @throws {NotebookError} when `baseline` is not a string, or names a bench that cannot be read,
 * holds no results, ran another scenario or has no cell in common; or when the calibration file
 * named in `comparison.calibration` cannot be read
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
  const settings = options.comparison ?? _DEFAULT_SETTINGS;
  const benchDir = dirname(resolve(outcome.resultsPath));
  const resultsRoot = options.resultsRoot ?? dirname(benchDir);
  let noise: NoiseSource;
  try {
    noise = await resolveNoiseSource(outcome.results, {
      floor: settings.noiseFloor,
      file: settings.calibration,
      resultsRoot,
    });
  } catch (error) {
    throw new NotebookError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (choice === "") return { note: 'No baseline set (baseline is "").', noise, settings };
  const found = choice === "previous"
    ? await _previousBench(outcome.results, benchDir, resultsRoot)
    : await _givenBench(outcome.results, choice);
  if ("none" in found) return { note: found.none, noise, settings };
  const speed = compareMachineSpeed(outcome.results, found.results);
  const comparisons = compareToBaseline(outcome.results, found.results, {
    metrics: [settings.primary, ...COMPARED_METRICS.filter((key) => key !== settings.primary)],
    minSamples: settings.minSamples,
    falseDiscoveryRate: settings.falseDiscoveryRate,
    noise,
    machineDrift: machineDriftByFigure(
      speed,
      compareMachineSpeed(outcome.results, found.results, "wall"),
    ),
  });
  return {
    baseline: {
      label: found.label,
      benchId: found.results[0].benchId,
      comparisons,
      noiseThreshold: settings.noiseFloor,
      noise,
      differences: environmentDifferences(
        outcome.results[0]?.environment,
        found.results[0].environment,
      ),
      speed,
    },
    baselinePath: found.path,
    note: found.note,
    noise,
    settings,
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
 * The comparison as notebook outputs: a Markdown paragraph naming the baseline, what differs
 * between the two benches' machines and code, and the verdicts in the report's words (each
 * change, or that none was beyond noise; too few runs and how many to add); then the figure of
 * every tested ratio with its interval and noise band, when there is one. Without a baseline,
 * just the note.
 */
export async function comparisonOutputs(
  comparison: NotebookComparison,
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const baseline = comparison.baseline;
  if (!baseline) return [markdownOutput(comparison.note)];
  const { settings } = comparison;
  if (baseline.comparisons.length === 0) {
    return [markdownOutput(`${comparison.note}\n\nNo cell in common: nothing was compared.`)];
  }
  const flagged = baseline.comparisons.filter((entry) => entry.change !== null);
  const lead = `This bench over the baseline, per cell, variant and figure: the two benches' ` +
    `runs as independent samples (Wilcoxon rank-sum test, p-values adjusted over the ` +
    `${baseline.comparisons.length} figures). ${flagged.length} of ` +
    `${baseline.comparisons.length} figures changed beyond noise.`;
  const sentences = [
    ..._environmentSentences(baseline),
    ...verdictSentences(baseline.comparisons, {
      noise: comparison.noise,
      primary: settings.primary,
      falseDiscoveryRate: settings.falseDiscoveryRate,
      subject: (entry) => `this bench's ${entry.variant}`,
    }),
  ].map((sentence) => `- ${sentence.endsWith(".") ? sentence : `${sentence}.`}`);
  const order = [settings.primary, ...COMPARED_METRICS.filter((key) => key !== settings.primary)];
  const rows = baseline.comparisons
    .filter((entry) => entry.estimate.ratio !== null)
    .sort((a, b) =>
      order.indexOf(a.metric) - order.indexOf(b.metric) ||
      a.hosts - b.hosts || a.msgs - b.msgs || a.variant.localeCompare(b.variant)
    )
    .map((entry) => ({
      label: `${
        figureWords(entry.metric)
      } · ${entry.hosts} hosts x ${entry.msgs} msgs · ${entry.variant}`,
      ratio: entry.estimate.ratio!,
      ...(entry.estimate.low !== null && entry.estimate.high !== null
        ? { low: entry.estimate.low, high: entry.estimate.high }
        : {}),
      threshold: entry.threshold,
      change: entry.change,
    }));
  const text = `${comparison.note}\n\n${lead}\n\n${sentences.join("\n")}`;
  if (rows.length === 0) {
    return [
      markdownOutput(
        `${text}\n\nThe figure of the ratios needs at least ${settings.minSamples} counted runs ` +
          `per cell in both benches (\`comparison.minSamples\`): raise \`iterations\`.`,
      ),
    ];
  }
  const title = "This bench against the baseline";
  const svg = renderComparisonChartSvg({ title, rows });
  return [
    markdownOutput(text),
    // A row per figure and cell makes it tall: 1 pixel per unit keeps it small, still legible.
    await chartOutput(svg, title, { scale: 1, ...options }),
  ];
}

/** Whether the two benches ran on the same machine and code, and at the same speed. */
function _environmentSentences(baseline: BaselineBench): string[] {
  const sentences: string[] = [];
  const speed = machineSpeedSentence(baseline.speed);
  if (speed !== undefined) sentences.push(speed);
  const differences = baseline.differences;
  if (!differences) return sentences;
  if (differences.commit) {
    sentences.push(`The two benches ran different code (${differences.commit})`);
  }
  if (differences.machine.length > 0) {
    sentences.push(
      `The two benches ran on different machines (${differences.machine.join("; ")}): a change ` +
        `may be the machine's, not the code's`,
    );
  }
  if (differences.machine.length === 0 && !differences.commit) {
    sentences.push("Both benches ran on the same machine and commit");
  }
  return sentences;
}
