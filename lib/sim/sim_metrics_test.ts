// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  match,
  ok as assert,
  strictEqual,
} from "node:assert/strict";
import client from "prom-client";
import { createMetricsPusher, serveMetrics } from "./metrics_server.ts";
import { registerSimMetrics, SIM_METRIC_SPECS } from "./sim_metrics.ts";

/** The brief's gauge and counter names, which Grafana boards and alerts are written against. */
const REQUIRED = [
  "sim_peers",
  "sim_topics",
  "sim_connections",
  "sim_streams",
  "sim_friends",
  "sim_peers_with_topics",
  "sim_peers_per_topic",
  "sim_msgs_recv_total",
  "sim_msgs_miss_total",
];

Deno.test("SIM_METRIC_SPECS has the simulator's metrics and one metric per machine-kind figure", () => {
  const names = SIM_METRIC_SPECS.map((spec) => spec.name);
  for (const name of REQUIRED) assert(names.includes(name), name);
  for (
    const name of [
      "sim_machine_transitions_total",
      "sim_machine_states_active",
      "sim_machine_queue_size",
      "sim_machine_transition_seconds",
      "sim_machine_errors_total",
    ]
  ) {
    assert(names.includes(name), name);
    assertEquals(SIM_METRIC_SPECS.find((spec) => spec.name === name)?.labels?.[0], "machine");
  }
  strictEqual(new Set(names).size, names.length);
});

Deno.test("SIM_METRIC_SPECS names follow Prometheus conventions: counters end in _total, units in names", () => {
  for (const spec of SIM_METRIC_SPECS) {
    match(spec.name, /^sim_[a-z_]+$/);
    strictEqual(spec.type === "counter", spec.name.endsWith("_total"), spec.name);
    if (spec.name.endsWith("_seconds")) strictEqual(spec.unit, "s", spec.name);
  }
});

Deno.test("registerSimMetrics exposes every metric in the text exposition format", async () => {
  const registry = new client.Registry();
  const metrics = registerSimMetrics(registry);
  (metrics.get("sim_peers") as client.Gauge<string>).set(7);
  (metrics.get("sim_msgs_recv_total") as client.Counter<string>).inc(41);
  (metrics.get("sim_machine_transitions_total") as client.Counter<string>).inc({
    machine: "simPeer",
  }, 3);
  (metrics.get("sim_heartbeat_lag_seconds") as client.Histogram<string>).observe(0.002);
  const text = await registry.metrics();
  for (const spec of SIM_METRIC_SPECS) {
    match(text, new RegExp(`^# HELP ${spec.name} \\S`, "m"));
    match(text, new RegExp(`^# TYPE ${spec.name} ${spec.type}$`, "m"));
  }
  match(text, /^sim_peers 7$/m);
  match(text, /^sim_msgs_recv_total 41$/m);
  match(text, /^sim_machine_transitions_total\{machine="simPeer"\} 3$/m);
  match(text, /^sim_heartbeat_lag_seconds_bucket\{le="0\.005"\} 1$/m);
  match(text, /^sim_heartbeat_lag_seconds_count 1$/m);
  strictEqual(registry.contentType, "text/plain; version=0.0.4; charset=utf-8");
});

Deno.test("serveMetrics answers /metrics on 127.0.0.1 with fresh values and 404 elsewhere", async () => {
  const registry = new client.Registry();
  const gauge = new client.Gauge({ name: "sim_peers", help: "Peers", registers: [registry] });
  let scrapes = 0;
  const server = serveMetrics(registry, {
    port: 0,
    beforeScrape: () => gauge.set(++scrapes),
  });
  try {
    match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(server.url);
    strictEqual(response.status, 200);
    strictEqual(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    match(await response.text(), /^sim_peers 1$/m);
    match(await (await fetch(server.url)).text(), /^sim_peers 2$/m);
    const other = await fetch(server.url.replace("/metrics", "/"));
    strictEqual(other.status, 404);
    await other.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("createMetricsPusher puts the registry to a Pushgateway under job sim", async () => {
  const registry = new client.Registry();
  new client.Gauge({ name: "sim_peers", help: "Peers", registers: [registry] }).set(4);
  const received: Array<{ method: string; path: string; body: string }> = [];
  const gateway = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      received.push({
        method: request.method,
        path: new URL(request.url).pathname,
        body: await request.text(),
      });
      return new Response(null, { status: 200 });
    },
  );
  try {
    const pusher = createMetricsPusher(registry, `http://127.0.0.1:${gateway.addr.port}`);
    strictEqual(await pusher.push(), undefined);
    assertEquals(received.map(({ method, path }) => [method, path]), [["PUT", "/metrics/job/sim"]]);
    match(received[0].body, /^sim_peers 4$/m);
  } finally {
    await gateway.shutdown();
  }
});

Deno.test("createMetricsPusher reports an unreachable Pushgateway instead of throwing", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const pusher = createMetricsPusher(new client.Registry(), `http://127.0.0.1:${port}`);
  match(String(await pusher.push()), /ECONNREFUSED|refused/i);
});
