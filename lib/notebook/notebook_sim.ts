/**
 * What notebooks/sim.ipynb does besides displaying: its parameters as a sim config through the
 * sim's own loader, a recorder that turns the sim's statuses into a time series (and shows the
 * latest in place), and that series as charts and the summary as a table.
 *
 * @module
 */
import { ConfigError } from "../config/mod.ts";
import {
  formatDurationMs,
  formatSimStatus,
  loadSimConfig,
  type SimConfig,
  type SimStatus,
  type SimSummary,
} from "../sim/mod.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { createProgressDisplay } from "./progress_display.ts";
import { renderTimeSeriesSvg, type TimeSeriesChart } from "./render_time_series_svg.ts";
import type { NotebookOutput, PublishOutput } from "./show.ts";

/** The parameters cell of notebooks/sim.ipynb; the sim config's own rules check them. */
export interface SimNotebookParameters {
  /** How long to run, Go-style, e.g. `"60s"`. */
  duration: string;
  maxPeers: number;
  maxTopics: number;
  seed: number;
  /** How often a status (one point of each series) is taken, e.g. `"2s"`. */
  statusInterval: string;
}

/** Options of {@linkcode simConfigFromParameters}. */
export interface SimConfigFromParametersOptions {
  /** The sim's YAML file, relative to the notebook. @default "../sim.yml" */
  file?: string;
}

/**
 * The sim config of `deno task sim` with the notebook's parameters as overrides: `file`, then
 * the parameters (the real environment is not read), with `/metrics` off so the notebook never
 * collides with a running sim.
 *
 * @throws {ConfigError} `notebook parameters: ` and the sim config's message, e.g.
 * `notebook parameters: flag --max-peers must be an integer >= 1, got "0"`
 */
export async function simConfigFromParameters(
  parameters: SimNotebookParameters,
  options: SimConfigFromParametersOptions = {},
): Promise<SimConfig> {
  try {
    return await loadSimConfig({
      file: options.file ?? "../sim.yml",
      env: { SIM_PRINT_INTERVAL: String(parameters.statusInterval), SIM_METRICS: "false" },
      flags: {
        duration: String(parameters.duration),
        maxPeers: String(parameters.maxPeers),
        maxTopics: String(parameters.maxTopics),
        seed: String(parameters.seed),
      },
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(`notebook parameters: ${error.message}`, { cause: error });
  }
}

/** One status as plain numbers: a point of every series. */
export interface SimSample {
  seconds: number;
  peers: number;
  topics: number;
  friendships: number;
  connections: number;
  streams: number;
  /** Cumulative. */
  delivered: number;
  /** Cumulative. */
  missed: number;
  /** Heartbeat lag over the status interval. */
  lagP50Ms: number;
  lagP99Ms: number;
  rssBytes: number;
}

/** The time-series point of `status`. */
export function simSample(status: SimStatus): SimSample {
  return {
    seconds: status.elapsedMs / 1000,
    peers: status.world.peers,
    topics: status.world.topics,
    friendships: status.world.friendships,
    connections: status.connections,
    streams: status.streams,
    delivered: status.delivered,
    missed: status.missed,
    lagP50Ms: status.lag.p50,
    lagP99Ms: status.lag.p99,
    rssBytes: status.rssBytes,
  };
}

/** What {@linkcode createSimRecorder} returns: `print` and `onStatus` are runSim's options. */
export interface SimRecorder {
  /** One sample per status, in time order. */
  readonly samples: SimSample[];
  /** Keeps the sim's notices (the last few are shown); its status blocks come via `onStatus`. */
  print: (text: string) => void;
  /** Records the status and shows its two lines of totals in place of the previous ones. */
  onStatus: (status: SimStatus) => void;
  /** Shows the final state and waits until the kernel has sent it; call it after runSim. */
  close: () => Promise<void>;
}

/** Options of {@linkcode createSimRecorder}. */
export interface CreateSimRecorderOptions {
  /** How long the sim runs, shown as "of". */
  durationMs?: number;
  /** Where the progress output goes. @default the running cell's (see `createProgressDisplay`) */
  publish?: PublishOutput;
  /** Waits until the kernel has sent the outputs. @default `flushKernelOutput` */
  flush?: () => Promise<unknown>;
}

/** Notices (peer failures, ...) the progress output keeps, newest last. */
const _NOTICES_SHOWN = 3;

/**
 * A recorder of the sim's statuses that shows the latest one as one output updated in place (no
 * line per status, no line per topic), with the sim's last few notices under it.
 *
 * @example
 * ```ts ignore
 * const recorder = createSimRecorder({ durationMs: config.durationMs });
 * const summary = await runSim(config, { print: recorder.print, onStatus: recorder.onStatus });
 * await recorder.close();
 * ```
 */
export function createSimRecorder(options: CreateSimRecorderOptions = {}): SimRecorder {
  const samples: SimSample[] = [];
  const notices: string[] = [];
  const progress = createProgressDisplay({ publish: options.publish, flush: options.flush });
  let status = "sim: starting";
  const of = options.durationMs === undefined ? "" : ` of ${formatDurationMs(options.durationMs)}`;
  const show = (): void =>
    progress.update([status, ...notices.map((notice) => `note: ${notice}`)].join("\n"));
  return {
    samples,
    // A status block starts with its clock, "[00:20] peers ..."; notices do not.
    print: (text) => {
      if (text.startsWith("[")) return;
      notices.push(...text.split("\n").filter((line) => line.trim() !== ""));
      notices.splice(0, Math.max(0, notices.length - _NOTICES_SHOWN));
      show();
    },
    onStatus: (update) => {
      samples.push(simSample(update));
      status = formatSimStatus({ ...update, topics: [] }).replace(/^\[([\d:]+)\]/, `[$1${of}]`);
      show();
    },
    close: () => progress.close(),
  };
}

const _MIB = 2 ** 20;

/** The series of each chart: [title, y label, [series, value of a sample]...]. */
const _CHARTS: ReadonlyArray<
  [string, string, ReadonlyArray<[string, (sample: SimSample) => number]>]
> = [
  ["Peers, topics and friendships", "count", [
    ["peers", (sample) => sample.peers],
    ["topics", (sample) => sample.topics],
    ["friendships", (sample) => sample.friendships],
  ]],
  ["Connections and streams", "count (both ends)", [
    ["connections", (sample) => sample.connections],
    ["streams", (sample) => sample.streams],
  ]],
  ["Messages delivered and missed (cumulative)", "receptions", [
    ["delivered", (sample) => sample.delivered],
    ["missed", (sample) => sample.missed],
  ]],
  ["Heartbeat lag per status interval", "lag (ms)", [
    ["p50", (sample) => sample.lagP50Ms],
    ["p99", (sample) => sample.lagP99Ms],
  ]],
  ["Resident memory", "RSS (MiB)", [["RSS", (sample) => sample.rssBytes / _MIB]]],
];

/**
 * The charts of `samples`: peers, topics and friendships; connections and streams; messages
 * delivered and missed (cumulative); heartbeat lag p50 / p99; RSS in MiB (bytes / 2^20).
 *
 * @param samples in time order; not modified
 */
export function simCharts(samples: readonly SimSample[]): TimeSeriesChart[] {
  return _CHARTS.map(([title, yLabel, series]) => ({
    title,
    yLabel,
    points: series.flatMap(([name, valueOf]) =>
      samples.map((sample) => ({ series: name, seconds: sample.seconds, value: valueOf(sample) }))
    ),
  }));
}

/** {@linkcode simCharts} as PNG outputs ({@linkcode chartOutput}), the title as plain text. */
export async function simChartOutputs(
  samples: readonly SimSample[],
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const outputs: NotebookOutput[] = [];
  for (const chart of simCharts(samples)) {
    outputs.push(await chartOutput(renderTimeSeriesSvg(chart), chart.title, options));
  }
  return outputs;
}

/**
 * The end-of-run summary as a Markdown table of figures, the same ones `deno task sim` prints.
 *
 * @example
 * ```ts ignore
 * simSummaryMarkdown(summary); // "| figure | value |\n| --- | --- |\n| ended | duration after 60.0 s |\n..."
 * ```
 */
export function simSummaryMarkdown(summary: SimSummary): string {
  const { totals, lag } = summary;
  const checked = totals.delivered + totals.missed;
  const mib = (bytes: number): string => (bytes / _MIB).toFixed(1);
  const rows: Array<[string, string | number]> = [
    ["ended", `${summary.reason} after ${(summary.elapsedMs / 1000).toFixed(1)} s`],
    ["peers: max / at end", `${summary.peersMax} / ${summary.peersAtEnd}`],
    [
      "peers: added / removed / failed",
      `${totals.peersAdded} / ${totals.peersRemoved} / ${totals.peersFailed}`,
    ],
    ["topics: max / at end", `${summary.topicsMax} / ${summary.topicsAtEnd}`],
    ["joins (failed)", `${totals.joins} (${totals.joinFailures})`],
    ["messages sent (failed)", `${totals.messagesSent} (${totals.sendFailures})`],
    ["delivery checks", totals.verifications],
    ["delivered", totals.delivered],
    ["missed", totals.missed],
    [
      "delivered share",
      checked === 0 ? "n/a" : `${(100 * totals.delivered / checked).toFixed(2)}%`,
    ],
    [
      "heartbeats (skipped, failed)",
      `${summary.heartbeats} (${lag.skipped}, ${summary.failedHeartbeats})`,
    ],
    [
      "heartbeat lag p50 / p99 / max (ms)",
      `${lag.p50.toFixed(1)} / ${lag.p99.toFixed(1)} / ${lag.max.toFixed(1)}`,
    ],
    [
      "RSS start / end / max (MiB)",
      `${mib(summary.rssStartBytes)} / ${mib(summary.rssEndBytes)} / ${mib(summary.rssMaxBytes)}`,
    ],
    ["machine errors", summary.machineErrors],
  ];
  if (summary.error !== undefined) rows.push(["error", summary.error.replaceAll("|", "\\|")]);
  return ["| figure | value |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)]
    .join("\n");
}
