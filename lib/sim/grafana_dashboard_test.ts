// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import client from "prom-client";
import { createSimDashboard, renderSimDashboard, SIM_DASHBOARD_FILE } from "./grafana_dashboard.ts";
import { registerSimMetrics, SIM_METRIC_SPECS } from "./sim_metrics.ts";

const DASHBOARD = new URL(`../../${SIM_DASHBOARD_FILE}`, import.meta.url).pathname;

interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<{ expr: string; refId: string; legendFormat: string }>;
}

/** The metric names a PromQL expression reads (histogram series map to their metric). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(sim_[a-z_]+)\b/g)].map((match) =>
    match[1].replace(/_(bucket|sum|count)$/, "")
  );
}

Deno.test(`${SIM_DASHBOARD_FILE} is the dashboard the code generates (regenerate: deno task sim --write-dashboard)`, async () => {
  strictEqual(await Deno.readTextFile(DASHBOARD), renderSimDashboard());
});

Deno.test("createSimDashboard queries only metrics the simulator exports, and every one of them", async () => {
  const registry = new client.Registry();
  registerSimMetrics(registry);
  const exported = new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
  const panels = createSimDashboard().panels as Panel[];
  const queried = new Set(
    panels.flatMap((panel) => panel.targets.flatMap((t) => metricsIn(t.expr))),
  );
  for (const name of queried) {
    assert(exported.has(name), `the dashboard queries ${name}, which is not exported`);
  }
  for (const name of exported) assert(queried.has(name), `${name} is exported but on no panel`);
  strictEqual(queried.size, SIM_METRIC_SPECS.length);
});

Deno.test("createSimDashboard is an importable Grafana model: a datasource input, unique ids, tiled panels", () => {
  const dashboard = createSimDashboard();
  assertEquals(
    (dashboard.__inputs as Array<{ name: string; pluginId: string }>).map((
      input,
    ) => [input.name, input.pluginId]),
    [
      ["DS_PROMETHEUS", "prometheus"],
    ],
  );
  strictEqual(typeof dashboard.uid, "string");
  strictEqual(typeof dashboard.schemaVersion, "number");
  const panels = dashboard.panels as Panel[];
  assertEquals(panels.map((panel) => panel.id), panels.map((_, i) => i + 1));
  const cells = new Set(panels.map((panel) => `${panel.gridPos.x},${panel.gridPos.y}`));
  strictEqual(cells.size, panels.length, "panels overlap");
  for (const panel of panels) {
    strictEqual(panel.type, "timeseries");
    assertEquals(panel.datasource, { type: "prometheus", uid: "${DS_PROMETHEUS}" });
    assert(panel.targets.length > 0, panel.title);
    assertEquals(
      panel.targets.map((target) => target.refId),
      panel.targets.map((_, i) => "ABCDEFGH"[i]),
    );
  }
  // Panels the Go project's dashboard had, by what they show.
  const titles = panels.map((panel) => panel.title);
  for (const title of ["Peers", "Topics", "Connections", "Messages"]) {
    assert(titles.includes(title), title);
  }
});
