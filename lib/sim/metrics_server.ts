/**
 * Serves a prom-client registry at `/metrics` on 127.0.0.1, in Prometheus' text exposition
 * format, and pushes it to a Pushgateway when one is configured.
 *
 * @module
 */
import client from "prom-client";
import { SimError } from "./sim_error.ts";

/** A running metrics server. */
export interface MetricsServer {
  /** `http://127.0.0.1:<port>/metrics`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening; resolves once open requests are answered. */
  close(): Promise<void>;
}

/** Options of {@linkcode serveMetrics}. */
export interface ServeMetricsOptions {
  /** 0 picks a free port. */
  port: number;
  /** Runs before each scrape, to bring gauges up to date. */
  beforeScrape?: () => void;
}

/**
 * Serves `registry` on `127.0.0.1:port`: `GET /metrics` answers the exposition text, anything
 * else 404.
 *
 * @throws {SimError} when the port cannot be bound (in use, or no permission).
 */
export function serveMetrics(
  registry: client.Registry,
  options: ServeMetricsOptions,
): MetricsServer {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port,
      onListen: () => {},
    }, async (request) => {
      const path = new URL(request.url).pathname;
      if (path !== "/metrics") {
        return new Response("the simulator's metrics are at /metrics\n", { status: 404 });
      }
      options.beforeScrape?.();
      return new Response(await registry.metrics(), {
        headers: { "content-type": registry.contentType },
      });
    });
  } catch (error) {
    throw new SimError(
      `cannot serve metrics on 127.0.0.1:${options.port}: ${
        error instanceof Error ? error.message : error
      } (choose another port with --metrics-port or SIM_METRICS_PORT, or 0 for a free one)`,
      { cause: error },
    );
  }
  const port = server.addr.port;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    port,
    close: () => server.shutdown(),
  };
}

/** A pusher to a Pushgateway. */
export interface MetricsPusher {
  /** Pushes the registry (replacing the job's metrics); resolves with an error text or undefined. */
  push(): Promise<string | undefined>;
}

/** Pushes `registry` to the Pushgateway at `url` under job `sim`. */
export function createMetricsPusher(registry: client.Registry, url: string): MetricsPusher {
  const gateway = new client.Pushgateway(url, { timeout: 5_000 }, registry);
  return {
    async push() {
      try {
        await gateway.push({ jobName: "sim" });
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}
