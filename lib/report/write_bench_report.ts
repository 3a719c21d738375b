/**
 * Writes a bench's report from a saved results file: bench.md and bench.pdf with the same
 * content, and an SVG and a PNG per chart. Everything is rendered before anything is written,
 * and each file is written to a temporary name and renamed, so a failed render never replaces a
 * good report.
 *
 * @module
 */
import {
  COMPARED_METRICS,
  compareMachineSpeed,
  compareToBaseline,
  compareVariants,
  environmentDifferences,
  isCounted,
  machineDriftByFigure,
  mergeResultsFiles,
  parseResults,
  readResults,
  resolveNoiseSource,
  type RunResult,
  sequentialRuleOf,
  type SkippedLine,
  summarizeResults,
  summarizeSequential,
  writeFileAtomically,
} from "../bench/mod.ts";
import { osReason, parseBenchConfig } from "../config/mod.ts";
import type { BenchConfig, ComparisonConfig, VariantSpec } from "../config/types.ts";
import { buildBenchCharts } from "./chart_spec.ts";
import { dirname, relative, resolve } from "node:path";
import { type BaselineBench, buildBenchDocument, type CellTraces } from "./bench_document.ts";
import { renderMarkdown } from "./render_markdown.ts";
import { renderChartPng } from "./render_chart_png.ts";
import { renderChartSvg } from "./render_chart_svg.ts";
import { buildPhaseChart } from "./phase_chart_spec.ts";
import { renderPhaseChartSvg } from "./render_phase_chart_svg.ts";
import { buildScaleChart } from "./scale_chart_spec.ts";
import { renderScaleChartSvg } from "./render_scale_chart_svg.ts";
import { renderReportPdf } from "./render_report_pdf.ts";
import { ReportError } from "./report_error.ts";
import { cellShards, v8FlagSets } from "./_run_settings.ts";

/** Options of {@linkcode writeBenchReport}. */
export interface WriteBenchReportOptions {
  /** Folder of bench.md and the charts. @default "reports" */
  outDir?: string;
  /** The moment written into the report. @default now */
  generatedAt?: Date;
  /** An earlier bench's results.ndjson to compare against (same scenario). */
  baselinePath?: string;
  /** The smallest noise threshold. @default `comparison.noiseFloor` of the bench, else 0.02 */
  noiseThreshold?: number;
  /**
   * The text of the results file (one path), when the caller has it already: a bench renders
   * its report while its last runs' processes exit, from the lines they will add. The report
   * names `resultsPath` and reads its folder's config.json as usual. @default read `resultsPath`
   */
  resultsText?: string;
  /** An A/A calibration file. @default the bench's twin runs, else <results root>/calibration.json */
  calibrationPath?: string;
  /** Fewest runs a side for an interval and a verdict. @default the bench's, else 5 */
  minSamples?: number;
  /** The headline figure. @default the bench's `comparison.primary`, else activeMs */
  primary?: "activeMs" | "cpuMs";
}

/** What was written. */
export interface WrittenReport {
  markdownPath: string;
  pdfPath: string;
  chartPaths: string[];
  /** Lines of the results file that were not results (reported in the markdown). */
  skippedLines: number;
  /** Those lines: which file, where and why, for the terminal. */
  skipped: (SkippedLine & { file: string })[];
}

/**
 * Reads `resultsPath` and writes bench.md and its charts into `options.outDir`. Several paths
 * (the shards of one bench, `bench --shard I/N`) are merged into one report; files of different
 * scenarios are refused.
 */
export async function writeBenchReport(
  resultsPath: string | readonly string[],
  options: WriteBenchReportOptions = {},
): Promise<WrittenReport> {
  const outDir = options.outDir ?? "reports";
  const paths = typeof resultsPath === "string" ? [resultsPath] : [...resultsPath];
  const files = [];
  for (const path of paths) {
    files.push({
      path,
      ...(options.resultsText !== undefined && paths.length === 1
        ? _checkRunResults(parseResults(options.resultsText), path, "results")
        : await _readRunResults(path, "results")),
    });
  }
  let merged;
  try {
    merged = mergeResultsFiles(files);
  } catch (error) {
    throw new ReportError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { results, sourceOf } = merged;
  const skipped = files.flatMap((file) =>
    file.skipped.map((line) => ({ ...line, file: file.path }))
  );
  const baselineRuns = options.baselinePath === undefined
    ? undefined
    : await _readRunResults(options.baselinePath, "baseline");
  if (baselineRuns) _checkSameScenario(results, baselineRuns.results, options.baselinePath!);
  try {
    await Deno.mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new ReportError(`cannot create report folder "${outDir}": ${_reason(error)}`);
  }

  const savedConfig = await _savedConfig(paths[0]);
  const baseSeed = savedConfig?.matrix.seed ?? results[0].seed;
  const settings = _comparisonSettings(savedConfig, options);
  // What the bench did, by the rule it ran with (not by the report's judging options).
  const sequentialRule = savedConfig && sequentialRuleOf(savedConfig);
  const noise = await resolveNoiseSource(results, {
    floor: settings.noiseFloor,
    file: options.calibrationPath ?? settings.calibration,
    resultsRoot: relative(Deno.cwd(), dirname(dirname(resolve(paths[0])))) || ".",
  });
  const judging = {
    metrics: [settings.primary, ...COMPARED_METRICS.filter((key) => key !== settings.primary)],
    minSamples: settings.minSamples,
    falseDiscoveryRate: settings.falseDiscoveryRate,
    noise,
  };
  const cells = summarizeResults(results);
  const variants = _variantsInOrder(results);
  const baseline = variants.includes("default") ? "default" : variants[0];
  const comparisons = variants.length > 1 ? compareVariants(results, { baseline, ...judging }) : [];
  const speed = baselineRuns && compareMachineSpeed(results, baselineRuns.results);
  const baselineBench: BaselineBench | undefined = baselineRuns && {
    label: options.baselinePath!,
    benchId: baselineRuns.results[0].benchId,
    comparisons: compareToBaseline(results, baselineRuns.results, {
      ...judging,
      machineDrift: machineDriftByFigure(
        speed,
        compareMachineSpeed(results, baselineRuns.results, "wall"),
      ),
    }),
    noiseThreshold: settings.noiseFloor,
    noise,
    differences: environmentDifferences(
      results[0].environment,
      baselineRuns.results[0].environment,
    ),
    speed,
  };
  // Everything is rendered before the first file is written: a failure leaves the old report.
  const charts = [];
  const chartSpecs = buildBenchCharts(cells, {
    results,
    baseline: baselineRuns && summarizeResults(baselineRuns.results),
  });
  // The report's section headings name the charts: no second title above the plots.
  const drawn = [
    ...chartSpecs.map((spec) => ({ spec, svg: renderChartSvg(spec, { title: false }) })),
    ...[buildPhaseChart(cells)]
      .filter((spec) => spec.bars.length > 0)
      .map((spec) => ({ spec, svg: renderPhaseChartSvg(spec, { title: false }) })),
    // Only with two host counts or more: growth needs at least two points.
    ...[buildScaleChart(cells)]
      .filter((spec) => spec.points.length > 0)
      .map((spec) => ({ spec, svg: renderScaleChartSvg(spec, { title: false }) })),
  ];
  for (const { spec, svg } of drawn) {
    charts.push({
      spec,
      svg,
      svgFile: `bench-${spec.id}.svg`,
      pngFile: `bench-${spec.id}.png`,
      png: await renderChartPng(svg),
    });
  }
  const counted = results.filter(isCounted);
  const document = buildBenchDocument({
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    benchId: [...new Set(results.map((result) => result.benchId))].join(" + "),
    resultsFile: paths.join(", "),
    cells,
    comparisons,
    referenceVariant: variants.length > 1 ? baseline : undefined,
    baseline: baselineBench,
    verdicts: {
      noise,
      primary: settings.primary,
      falseDiscoveryRate: settings.falseDiscoveryRate,
    },
    traces: _cellTraces(results, sourceOf, outDir),
    charts,
    cellShards: cellShards(counted),
    environment: results[0].environment,
    ...v8FlagSets(results),
    scenario: results[0].scenario,
    variants: Object.fromEntries(
      variants.map((name) => [name, _specOf(results, name)]),
    ) as Record<string, VariantSpec>,
    matrix: {
      hosts: _sortedUnique(results.map((result) => result.cell.hosts)),
      msgs: _sortedUnique(results.map((result) => result.cell.msgs)),
      variants,
      iterations: _maxPerCell(counted),
      warmups: _maxPerCell(results.filter((result) => result.warmup)),
      seed: baseSeed,
    },
    ...(sequentialRule ? { sequential: summarizeSequential(results, sequentialRule) } : {}),
    notes: [
      ...(skipped.length > 0
        ? [
          `${skipped.length} lines of the results file are not run results and were left ` +
          `out (first: line ${skipped[0].line}, ${skipped[0].reason}).`,
        ]
        : []),
      ...(baselineRuns && baselineRuns.skipped.length > 0
        ? [`${baselineRuns.skipped.length} lines of the baseline file are not run results.`]
        : []),
    ],
  });
  const markdown = renderMarkdown(document);
  const pdf = await renderReportPdf(document, { createdAt: options.generatedAt ?? new Date() });

  const chartPaths: string[] = [];
  for (const chart of charts) {
    await _writeAtomically(`${outDir}/${chart.svgFile}`, chart.svg);
    await _writeAtomically(`${outDir}/${chart.pngFile}`, chart.png);
    chartPaths.push(`${outDir}/${chart.svgFile}`);
  }
  const pdfPath = `${outDir}/bench.pdf`;
  await _writeAtomically(pdfPath, pdf);
  const markdownPath = `${outDir}/bench.md`;
  await _writeAtomically(markdownPath, markdown);
  return { markdownPath, pdfPath, chartPaths, skippedLines: skipped.length, skipped };
}

/** How the report names each kind of telemetry file, in the order it lists them. */
const _TELEMETRY_LABELS: Record<string, string> = {
  otlp: "OTLP JSON",
  jaeger: "Jaeger JSON",
  chrome: "Perfetto (Chrome JSON)",
  journal: "journal",
};

/** Links to the files of each traced run, relative to the report's folder. */
function _cellTraces(
  results: readonly RunResult[],
  sourceOf: ReadonlyMap<RunResult, string>,
  outDir: string,
): CellTraces[] {
  const reportDir = resolve(outDir);
  return results
    .filter((result) => result.telemetryFiles !== undefined)
    .map((result) => {
      const benchDir = dirname(resolve(sourceOf.get(result)!));
      return {
        ...result.cell,
        files: Object.keys(_TELEMETRY_LABELS)
          .filter((kind) => result.telemetryFiles![kind] !== undefined)
          .map((kind) => ({
            label: _TELEMETRY_LABELS[kind],
            href: relative(reportDir, resolve(benchDir, result.telemetryFiles![kind])),
          })),
      };
    });
}

async function _readRunResults(path: string, role: "results" | "baseline") {
  const file = await readResults(path, { mustExist: true }).catch((error) => {
    const reason = error.cause instanceof Deno.errors.NotFound
      ? "not found"
      : osReason(error.cause ?? error);
    throw new ReportError(`${role} file "${path}": ${reason}`, { cause: error });
  });
  return _checkRunResults(file, path, role);
}

function _checkRunResults<T extends { results: unknown[]; skipped: unknown[] }>(
  file: T,
  path: string,
  role: "results" | "baseline",
): T {
  if (file.results.length === 0) {
    throw new ReportError(
      `${role} file "${path}" holds no run results${
        file.skipped.length > 0 ? ` (${file.skipped.length} lines are not results)` : ""
      }`,
    );
  }
  return file;
}

/** Benches of different scenarios measure different things; their ratios would mislead. */
function _checkSameScenario(
  results: readonly RunResult[],
  baseline: readonly RunResult[],
  baselinePath: string,
): void {
  const ours = results[0].scenario as unknown as Record<string, unknown>;
  const theirs = baseline[0].scenario as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ours ?? {}), ...Object.keys(theirs ?? {})])];
  const differing = keys.filter((key) =>
    JSON.stringify(ours?.[key]) !== JSON.stringify(theirs?.[key])
  );
  if (differing.length > 0) {
    const details = differing.map((key) =>
      `${key} ${JSON.stringify(ours?.[key])} here vs ${JSON.stringify(theirs?.[key])} there`
    ).join(", ");
    throw new ReportError(
      `baseline "${baselinePath}" ran a different scenario (${details}); compare benches of the ` +
        `same scenario, or drop --baseline`,
    );
  }
}

/**
 * The config.json saved beside the results, when it is there and readable: its seed and its
 * comparison settings make the report judge as the bench's own summary did.
 */
async function _savedConfig(resultsPath: string): Promise<BenchConfig | undefined> {
  const folder = resultsPath.includes("/")
    ? resultsPath.slice(0, resultsPath.lastIndexOf("/"))
    : ".";
  try {
    const path = `${folder}/config.json`;
    return parseBenchConfig(await Deno.readTextFile(path), path, { env: {} });
  } catch {
    return undefined;
  }
}

/** The bench's comparison settings, with the options on top. */
function _comparisonSettings(
  config: BenchConfig | undefined,
  options: WriteBenchReportOptions,
): ComparisonConfig {
  const saved = config?.comparison ?? parseBenchConfig("", "(defaults)", { env: {} }).comparison;
  return {
    ...saved,
    ...(options.noiseThreshold === undefined ? {} : { noiseFloor: options.noiseThreshold }),
    ...(options.minSamples === undefined ? {} : { minSamples: options.minSamples }),
    ...(options.primary === undefined ? {} : { primary: options.primary }),
  };
}

async function _writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomically(path, data);
  } catch (error) {
    throw new ReportError(`cannot write "${path}": ${_reason(error)}`, { cause: error });
  }
}

function _variantsInOrder(results: readonly RunResult[]): string[] {
  return [...new Set(results.map((result) => result.cell.variant))];
}

function _specOf(results: readonly RunResult[], variant: string): VariantSpec {
  return results.find((result) => result.cell.variant === variant)!.variantSpec;
}

function _sortedUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function _maxPerCell(results: readonly RunResult[]): number {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = `${result.cell.hosts}/${result.cell.msgs}/${result.cell.variant}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

function _reason(error: unknown): string {
  return osReason(error);
}
