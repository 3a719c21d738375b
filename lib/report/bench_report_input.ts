/**
 * What the bench report is built from: the bench's summaries, comparisons, charts, traces,
 * baseline and provenance. Types only; `bench_document.ts` builds the report and
 * `_bench_summary.ts` words its summary from them.
 *
 * @module
 */
import type {
  BaselineComparison,
  CellSummary,
  EnvironmentDifferences,
  MachineSpeed,
  NoiseSource,
  RunResult,
  SequentialSummary,
  VariantComparison,
} from "../bench/mod.ts";
import type { ScenarioConfig, VariantSpec } from "../config/mod.ts";
import type { ChartSpec } from "./chart_spec.ts";
import type { PhaseChartSpec } from "./phase_chart_spec.ts";
import type { ScaleChartSpec } from "./scale_chart_spec.ts";
import type { CellShards } from "./_scale_section.ts";

/** The machine a bench ran on. Derived because `lib/bench/mod.ts` does not export the type. */
export type RunEnvironment = RunResult["environment"];

/** One chart of the report: its spec, its SVG text and where the files lie, relative. */
export interface ReportChart {
  spec: ChartSpec | PhaseChartSpec | ScaleChartSpec;
  /** Relative path of the SVG, e.g. `"bench-active-time.svg"`. */
  svgFile: string;
  /** Relative path of the PNG fallback, when one was written. */
  pngFile?: string;
  /** The standalone SVG document. */
  svg: string;
}

/** The trace files of one traced run of a cell, relative to the report. */
export interface CellTraces {
  hosts: number;
  msgs: number;
  variant: string;
  /** Label and relative path of each file, e.g. `{ label: "Jaeger", href: "../results/x.json" }`. */
  files: { label: string; href: string }[];
}

/** An earlier bench this one is compared against. */
export interface BaselineBench {
  /** How the report names it, e.g. its results file. */
  label: string;
  benchId: string;
  /** This bench over the baseline, per cell, variant and metric. */
  comparisons: BaselineComparison[];
  /** The smallest relative change counted as noise (the floor), e.g. 0.02. */
  noiseThreshold: number;
  /** Where the thresholds of `comparisons` came from. @default the report's `verdicts.noise` */
  noise?: NoiseSource;
  /** Machine and commit differences between this bench and the baseline. */
  differences?: EnvironmentDifferences;
  /** The machine's speed during each bench (median process start-up). */
  speed?: MachineSpeed;
}

/** How the report's verdicts were made. */
export interface ReportVerdictSettings {
  /** The noise thresholds' source. */
  noise: NoiseSource;
  /** The headline figure (`comparison.primary`). */
  primary: string;
  /** The false discovery rate of the verdicts. */
  falseDiscoveryRate: number;
}

/** Everything `buildBenchDocument` writes about; nothing is read elsewhere. */
export interface BenchReportInput {
  /** @default "libp2p pub/sub benchmark" */
  title?: string;
  /** ISO time the report was made, given by the caller (the builder reads no clock). */
  generatedAt: string;
  benchId: string;
  /** Relative path of the results file, shown in the report. */
  resultsFile: string;
  /** Per-cell summaries, e.g. from `summarizeResults`. */
  cells: CellSummary[];
  /** Variant-against-reference ratios, e.g. from `compareVariants`. */
  comparisons: VariantComparison[];
  /** The variant others are divided by. @default the baseline of the first comparison */
  referenceVariant?: string;
  /** Charts in report order. */
  charts: ReportChart[];
  /** Absent when the runs did not record one. */
  environment?: RunEnvironment;
  /**
   * The V8 flags the runs' processes started with (`v8Flags`), one entry per distinct set, `""`
   * for none; absent when no run had any.
   */
  v8Flags?: string[];
  scenario?: ScenarioConfig;
  /** The variants that ran, by name. */
  variants: Record<string, VariantSpec>;
  matrix: {
    hosts: number[];
    msgs: number[];
    variants: string[];
    iterations: number;
    warmups: number;
    seed: number;
  };
  /** Traced runs; empty or absent when nothing was traced. */
  traces?: CellTraces[];
  /** The earlier bench to compare against, when one was given. */
  baseline?: BaselineBench;
  /** How the verdicts were made. @default floor 2%, primary activeMs, rate 0.05 */
  verdicts?: ReportVerdictSettings;
  /** Things the reader must know about the input (e.g. lines of the results file left out). */
  notes?: string[];
  /** Under sequential sampling: the stop rule and where each cell ended ("Runs per cell"). */
  sequential?: SequentialSummary;
  /** The shards each cell's runs were spread over, for the scale section. @default 1 each */
  cellShards?: CellShards[];
}
