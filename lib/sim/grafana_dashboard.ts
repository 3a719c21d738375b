/**
 * The simulator's Grafana dashboard, generated from {@linkcode SIM_METRIC_SPECS}: one time-series
 * panel per `panel` name, with the queries each metric declares. `dashboards/sim.json` is this
 * function's output (a test keeps the file equal to it).
 *
 * @module
 */
import { SIM_METRIC_SPECS, type SimMetricSpec } from "./sim_metrics.ts";

/** The dashboard file, relative to the repository root. */
export const SIM_DASHBOARD_FILE = "dashboards/sim.json";

/** Grafana's datasource input: the importer picks a Prometheus datasource for it. */
const _DATASOURCE = { type: "prometheus", uid: "${DS_PROMETHEUS}" };

const _PANEL_WIDTH = 12;
const _PANEL_HEIGHT = 8;

/**
 * The dashboard as Grafana's JSON model, importable as is (Dashboards → New → Import): it
 * declares a `DS_PROMETHEUS` input, so Grafana asks which Prometheus datasource to use.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(createSimDashboard(), null, 2);
 * ```
 */
export function createSimDashboard(
  specs: readonly SimMetricSpec[] = SIM_METRIC_SPECS,
): Record<string, unknown> {
  const panels: Array<{ title: string; specs: SimMetricSpec[] }> = [];
  for (const spec of specs) {
    const panel = panels.find((candidate) => candidate.title === spec.panel);
    if (panel) panel.specs.push(spec);
    else panels.push({ title: spec.panel, specs: [spec] });
  }
  return {
    __inputs: [
      {
        name: "DS_PROMETHEUS",
        label: "Prometheus",
        description: "The Prometheus that scrapes the simulator's /metrics",
        type: "datasource",
        pluginId: "prometheus",
        pluginName: "Prometheus",
      },
    ],
    __requires: [
      { type: "grafana", id: "grafana", name: "Grafana", version: "10.0.0" },
      { type: "datasource", id: "prometheus", name: "Prometheus", version: "1.0.0" },
      { type: "panel", id: "timeseries", name: "Time series", version: "" },
    ],
    title: "libp2p pub/sub simulator",
    description:
      "deno task sim: the world (peers, topics, friendships, messages), its heartbeat, and its " +
      "state machines by kind. Generated from lib/sim/sim_metrics.ts.",
    uid: "libp2p-pubsub-sim",
    tags: ["libp2p", "pubsub", "simulator", "xstate"],
    timezone: "browser",
    editable: true,
    graphTooltip: 1,
    refresh: "5s",
    schemaVersion: 39,
    version: 1,
    time: { from: "now-15m", to: "now" },
    templating: { list: [] },
    annotations: { list: [] },
    panels: panels.map((panel, index) => ({
      id: index + 1,
      type: "timeseries",
      title: panel.title,
      description: panel.specs.map((spec) => `${spec.name}: ${spec.help}`).join("\n"),
      datasource: _DATASOURCE,
      gridPos: {
        h: _PANEL_HEIGHT,
        w: _PANEL_WIDTH,
        x: (index % 2) * _PANEL_WIDTH,
        y: Math.floor(index / 2) * _PANEL_HEIGHT,
      },
      fieldConfig: {
        defaults: { unit: panel.specs[0].unit ?? "short" },
        overrides: [],
      },
      options: {
        legend: { displayMode: "list", placement: "bottom", showLegend: true },
        tooltip: { mode: "multi", sort: "none" },
      },
      targets: panel.specs.flatMap((spec) => spec.queries(spec.name)).map((query, i) => ({
        datasource: _DATASOURCE,
        expr: query.expr,
        legendFormat: query.legend,
        refId: String.fromCharCode(65 + i),
      })),
    })),
  };
}

/** The dashboard file's text: {@linkcode createSimDashboard} as indented JSON and a newline. */
export function renderSimDashboard(): string {
  return `${JSON.stringify(createSimDashboard(), null, 2)}\n`;
}
