/**
 * Every Prometheus metric the simulator exports, declared once: the registry is built from this
 * table and so is the Grafana dashboard (grafana_dashboard.ts), so the two cannot drift apart
 * (the Go project's dashboard asked for `sim_peer_with_topics`, a metric it never had).
 *
 * @module
 */
import client from "prom-client";

/** One query of a dashboard panel. */
export interface PanelQuery {
  /** PromQL. */
  expr: string;
  /** Grafana legend format, e.g. `{{machine}}`. */
  legend: string;
}

/** One metric: what the registry gets and where the dashboard shows it. */
export interface SimMetricSpec {
  name: string;
  help: string;
  type: "gauge" | "counter" | "histogram";
  labels?: readonly string[];
  /** Histogram buckets (upper bounds). */
  buckets?: readonly number[];
  /** The dashboard panel that shows it. */
  panel: string;
  /** The panel's queries for it, built from its name. */
  queries: (name: string) => PanelQuery[];
  /** The panel's unit (Grafana's `fieldConfig.defaults.unit`). @default "short" */
  unit?: string;
}

const _gauge = (legend: string) => (name: string): PanelQuery[] => [{ expr: name, legend }];
const _rate = (legend: string) => (name: string): PanelQuery[] => [
  { expr: `rate(${name}[1m])`, legend },
];
const _byMachine = (name: string): PanelQuery[] => [
  { expr: `sum by (machine) (rate(${name}[1m]))`, legend: "{{machine}}" },
];
const _quantiles = (by: string) => (name: string): PanelQuery[] =>
  [0.5, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le${by ? `, ${by}` : ""}) (rate(${name}_bucket[1m])))`,
    legend: `p${q * 100}${by ? ` {{${by}}}` : ""}`,
  }));

/** Lag and transition-time buckets, in seconds. */
const _SECONDS_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Every metric of the simulator, in dashboard order. */
export const SIM_METRIC_SPECS: readonly SimMetricSpec[] = [
  {
    name: "sim_peers",
    help: "Peers in the world, starting ones included",
    type: "gauge",
    panel: "Peers",
    queries: _gauge("peers"),
  },
  {
    name: "sim_peers_with_topics",
    help: "Peers in at least one topic",
    type: "gauge",
    panel: "Peers",
    queries: _gauge("peers with topics"),
  },
  {
    name: "sim_friends",
    help: "Friendships (mutual pairs of peers)",
    type: "gauge",
    panel: "Peers",
    queries: _gauge("friendships"),
  },
  {
    name: "sim_topics",
    help: "Topics in the world",
    type: "gauge",
    panel: "Topics",
    queries: _gauge("topics"),
  },
  {
    name: "sim_peers_per_topic",
    help: "Mean peers per topic, joining ones included",
    type: "gauge",
    panel: "Topics",
    queries: _gauge("peers per topic"),
  },
  {
    name: "sim_connections",
    help: "Open libp2p connections, summed over peers (a connection counts at both ends)",
    type: "gauge",
    panel: "Connections",
    queries: _gauge("connections"),
  },
  {
    name: "sim_streams",
    help: "Open outbound pub/sub streams, summed over peers",
    type: "gauge",
    panel: "Connections",
    queries: _gauge("streams"),
  },
  {
    name: "sim_msgs_recv_total",
    help: "Receptions found delivered by the delivery checks",
    type: "counter",
    panel: "Messages",
    queries: _rate("delivered /s"),
  },
  {
    name: "sim_msgs_miss_total",
    help: "Receptions found missing by the delivery checks",
    type: "counter",
    panel: "Messages",
    queries: _rate("missed /s"),
  },
  {
    name: "sim_msgs_sent_total",
    help: "Messages published",
    type: "counter",
    panel: "Messages",
    queries: _rate("sent /s"),
  },
  {
    name: "sim_msgs_send_failed_total",
    help: "Publishes that failed (e.g. no topic peer the router could send to)",
    type: "counter",
    panel: "Messages",
    queries: _rate("send failures /s"),
  },
  {
    name: "sim_verifications_total",
    help: "Delivery checks finished (one per message)",
    type: "counter",
    panel: "Messages",
    queries: _rate("checks /s"),
  },
  {
    name: "sim_verification_delivered_ratio",
    help: "Share of the expected peers a message reached, per delivery check",
    type: "histogram",
    buckets: [0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1],
    panel: "Delivery per check",
    queries: (name) => [
      {
        expr: `sum(rate(${name}_sum[5m])) / sum(rate(${name}_count[5m]))`,
        legend: "mean delivered share",
      },
    ],
    unit: "percentunit",
  },
  {
    name: "sim_peers_added_total",
    help: "Peers added",
    type: "counter",
    panel: "Churn",
    queries: _rate("peers added /s"),
  },
  {
    name: "sim_peers_removed_total",
    help: "Peers removed by the removePeer action",
    type: "counter",
    panel: "Churn",
    queries: _rate("peers removed /s"),
  },
  {
    name: "sim_peers_failed_total",
    help: "Peers removed because their host failed",
    type: "counter",
    panel: "Churn",
    queries: _rate("peers failed /s"),
  },
  {
    name: "sim_actions_total",
    help: "World actions run, by action",
    type: "counter",
    labels: ["action"],
    panel: "Actions",
    queries: (name) => [{ expr: `sum by (action) (rate(${name}[1m]))`, legend: "{{action}}" }],
  },
  {
    name: "sim_heartbeats_total",
    help: "Heartbeats run",
    type: "counter",
    panel: "Heartbeat",
    queries: _rate("heartbeats /s"),
  },
  {
    name: "sim_heartbeats_skipped_total",
    help: "Heartbeats lost because the loop fell a whole period behind",
    type: "counter",
    panel: "Heartbeat",
    queries: _rate("skipped /s"),
  },
  {
    name: "sim_heartbeat_errors_total",
    help: "Heartbeats whose work threw; the simulation goes on after each",
    type: "counter",
    panel: "Heartbeat",
    queries: _rate("failed /s"),
  },
  {
    name: "sim_heartbeat_lag_seconds",
    help: "How late each heartbeat fired",
    type: "histogram",
    buckets: _SECONDS_BUCKETS,
    panel: "Heartbeat lag",
    queries: _quantiles(""),
    unit: "s",
  },
  {
    name: "sim_rss_bytes",
    help: "Resident set size of the simulator process",
    type: "gauge",
    panel: "Memory",
    queries: _gauge("RSS"),
    unit: "bytes",
  },
  {
    name: "sim_machine_transitions_total",
    help: "State-machine transitions, by machine kind",
    type: "counter",
    labels: ["machine"],
    panel: "Machine transitions",
    queries: _byMachine,
  },
  {
    name: "sim_machine_states_active",
    help: "Machines of a kind in each state (leaf states; parallel regions count apart)",
    type: "gauge",
    labels: ["machine", "state"],
    panel: "Machine states",
    queries: (
      name,
    ) => [{ expr: `sum by (machine, state) (${name})`, legend: "{{machine}} {{state}}" }],
  },
  {
    name: "sim_machine_actors",
    help: "Live machines, by kind",
    type: "gauge",
    labels: ["machine"],
    panel: "Machines",
    queries: (name) => [{ expr: `sum by (machine) (${name})`, legend: "{{machine}}" }],
  },
  {
    name: "sim_machine_queue_size",
    help: "Most events waiting in one machine's mailbox since the previous scrape, by kind",
    type: "gauge",
    labels: ["machine"],
    panel: "Machine queues",
    queries: (name) => [{ expr: `max by (machine) (${name})`, legend: "{{machine}}" }],
  },
  {
    name: "sim_machine_transition_seconds",
    help: "Time from an event's arrival to the end of its transitions, by machine kind",
    type: "histogram",
    labels: ["machine"],
    buckets: _SECONDS_BUCKETS,
    panel: "Machine transition time",
    queries: _quantiles("machine"),
    unit: "s",
  },
  {
    name: "sim_machine_errors_total",
    help: "Machine errors: failed invoked actors and machines that crashed, by kind",
    type: "counter",
    labels: ["machine"],
    panel: "Machine errors",
    queries: _byMachine,
  },
];

/** A prom-client metric of any type. */
export type AnyMetric =
  | client.Gauge<string>
  | client.Counter<string>
  | client.Histogram<string>;

/**
 * Registers every metric of {@linkcode SIM_METRIC_SPECS} in `registry` and returns them by name.
 * `collect` callbacks, keyed by metric name, run at each scrape to fill a metric in.
 */
export function registerSimMetrics(
  registry: client.Registry,
  collect: Readonly<Record<string, (metric: AnyMetric) => void>> = {},
): Map<string, AnyMetric> {
  const metrics = new Map<string, AnyMetric>();
  for (const spec of SIM_METRIC_SPECS) {
    const collector = collect[spec.name];
    const common = {
      name: spec.name,
      help: spec.help,
      labelNames: [...(spec.labels ?? [])],
      registers: [registry],
    };
    let metric: AnyMetric;
    switch (spec.type) {
      case "gauge":
        metric = new client.Gauge({
          ...common,
          ...(collector
            ? {
              collect: function () {
                collector(this);
              },
            }
            : {}),
        });
        break;
      case "counter":
        metric = new client.Counter(common);
        break;
      case "histogram":
        metric = new client.Histogram({ ...common, buckets: [...(spec.buckets ?? [])] });
        break;
    }
    metrics.set(spec.name, metric);
  }
  return metrics;
}
