/**
 * A notebook's bench as a report: the document built with the report area's own builders (as
 * bench.md is), its charts, and a sentence naming the files `writeBenchReport` wrote.
 *
 * @module
 */
import { dirname, relative, resolve } from "node:path";
import {
  type BenchOutcome,
  COMPARED_METRICS,
  compareVariants,
  type NoiseSource,
  ownNoiseSource,
  type RunResult,
  summarizeResults,
} from "../bench/mod.ts";
import type { BenchConfig, VariantSpec } from "../config/mod.ts";
import {
  type BaselineBench,
  buildBenchCharts,
  buildBenchDocument,
  type CellTraces,
  renderChartSvg,
  type ReportChart,
  type ReportDocument,
  type WrittenReport,
} from "../report/mod.ts";

/** A sentence naming what `writeBenchReport` wrote, as code (the folder is git-ignored). */
export function describeWrittenReport(written: WrittenReport, outDir: string): string {
  const name = (path: string): string => `\`${relative(outDir, path)}\``;
  return `Wrote ${name(written.markdownPath)}, ${
    name(written.pdfPath)
  } and ${written.chartPaths.length} charts (SVG and PNG) to \`${outDir}\`.`;
}

/** Options of {@linkcode buildBenchView}. */
export interface BuildBenchViewOptions {
  /** The moment written into the document. */
  generatedAt: Date;
  /** Folder the trace links are relative to (the notebook's). @default the working directory */
  linkBase?: string;
  /** An earlier bench to compare with (`compareWithBaseline`): adds "vs baseline" columns. */
  baseline?: BaselineBench;
  /**
   * Where the noise thresholds come from (`compareWithBaseline`'s `noise`, found as the report
   * finds it). @default this bench's own twin runs, else `config.comparison.noiseFloor`
   */
  noise?: NoiseSource;
}

/** The bench as a report: its document (charts included) and the charts on their own. */
export interface BenchView {
  document: ReportDocument;
  charts: ReportChart[];
}

/**
 * The report of a notebook's bench, built like bench.md: `summarizeResults`, `compareVariants`
 * against `default` (or the first variant) judged by `config.comparison` (the headline figure
 * first), `buildBenchCharts` + `renderChartSvg`, and `buildBenchDocument`. Trace links point from
 * `options.linkBase` to the traced runs' files.
 *
 * @param outcome what `runNotebookBench` returned; not modified
 * @param config the config it ran
 */
export function buildBenchView(
  outcome: BenchOutcome,
  config: BenchConfig,
  options: BuildBenchViewOptions,
): BenchView {
  const results = outcome.results;
  const cells = summarizeResults(results);
  const variants = config.matrix.variants;
  const reference = variants.includes("default") ? "default" : variants[0];
  const noise = options.noise ?? ownNoiseSource(results, config.comparison.noiseFloor);
  const { minSamples, falseDiscoveryRate, primary } = config.comparison;
  const metrics = [primary, ...COMPARED_METRICS.filter((key) => key !== primary)];
  const comparisons = variants.length > 1
    ? compareVariants(results, {
      baseline: reference,
      metrics,
      minSamples,
      falseDiscoveryRate,
      noise,
    })
    : [];
  const charts = buildBenchCharts(cells, { results }).map((spec): ReportChart => ({
    spec,
    svgFile: `bench-${spec.id}.svg`,
    svg: renderChartSvg(spec, { title: false }),
  }));
  const linkBase = resolve(options.linkBase ?? ".");
  const document = buildBenchDocument({
    title: "libp2p pub/sub benchmark (notebook)",
    generatedAt: options.generatedAt.toISOString(),
    benchId: outcome.benchId,
    resultsFile: relative(linkBase, resolve(outcome.resultsPath)),
    cells,
    comparisons,
    referenceVariant: variants.length > 1 ? reference : undefined,
    verdicts: { noise, primary, falseDiscoveryRate },
    charts,
    environment: results[0]?.environment,
    scenario: config.scenario,
    variants: Object.fromEntries(
      variants.map((name) => [name, config.variants[name]]),
    ) as Record<string, VariantSpec>,
    matrix: { ...config.matrix },
    traces: _traces(results, dirname(resolve(outcome.resultsPath)), linkBase),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  });
  return { document, charts };
}

function _traces(results: readonly RunResult[], benchDir: string, linkBase: string): CellTraces[] {
  return results
    .filter((result) => result.telemetryFiles !== undefined)
    .map((result) => ({
      ...result.cell,
      files: Object.entries(result.telemetryFiles!).map(([kind, file]) => ({
        label: kind,
        href: relative(linkBase, resolve(benchDir, file)),
      })),
    }));
}
