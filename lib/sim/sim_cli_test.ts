// End-to-end tests of `main.ts sim` as a user runs it: real hosts, a real Prometheus.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { cliTest, MAIN, runCli, taskPermissions } from "../bench/testdata/run_cli.ts";

const INSTALL_HINT = "apt-get install -y --no-install-recommends prometheus";

/** A free TCP port on 127.0.0.1 (free when asked; the OS does not hand it out again at once). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts `main.ts sim` with `args`; its output is collected as it comes. */
function startSim(args: string[], env: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...taskPermissions("sim"), MAIN, "sim", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = { stdout: "", stderr: "" };
  const seen: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const collect = async (stream: ReadableStream<Uint8Array>, key: "stdout" | "stderr") => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output[key] += decoder.decode(chunk, { stream: true });
      for (const waiter of [...seen]) {
        if (waiter.pattern.test(output.stdout)) {
          seen.splice(seen.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  const done = Promise.all([collect(child.stdout, "stdout"), collect(child.stderr, "stderr")])
    .then(() => child.status);
  return {
    child,
    output,
    done,
    /** Resolves once stdout matches `pattern`. */
    printed: (pattern: RegExp) =>
      pattern.test(output.stdout)
        ? Promise.resolve()
        : new Promise<void>((resolve) => seen.push({ pattern, resolve })),
  };
}

/**
 * Fails the test with the sim's output instead of hanging it when `promise` does not settle
 * within `limitMs`. The limits below are hard bounds for a loaded 2-core machine, many times what
 * an idle one needs; the tests wait for events, never for a set time.
 */
async function within<T>(
  promise: Promise<T>,
  limitMs: number,
  what: string,
  output: { stdout: string; stderr: string },
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `no ${what} within ${
              limitMs / 1000
            } s\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
          ),
        ),
      limitMs,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The `mm:ss` or `h:mm:ss` clock the sim prints, in seconds. */
function clockSeconds(clock: string): number {
  return clock.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

async function startPrometheus(
  metricsPort: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "sim-prometheus-" });
  const config = `${dir}/prometheus.yml`;
  await Deno.writeTextFile(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: sim",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${metricsPort}"]`,
      "",
    ].join("\n"),
  );
  const webPort = freePort();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("prometheus", {
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${webPort}`,
        "--log.level=warn",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `this test needs Prometheus, which is not installed: on Debian, ${INSTALL_HINT} ` +
          "(or put a prometheus binary on PATH)",
      );
    }
    throw error;
  }
  return {
    url: `http://127.0.0.1:${webPort}`,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The query's first sample value, or undefined while Prometheus has none (or is starting). */
async function queryValue(prometheusUrl: string, query: string): Promise<number | undefined> {
  try {
    const response = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
    );
    const body = await response.json() as {
      status: string;
      data?: { result: Array<{ value: [number, string] }> };
    };
    const value = body.data?.result[0]?.value[1];
    return value === undefined ? undefined : Number(value);
  } catch {
    return undefined;
  }
}

Deno.test(
  "sim serves /metrics that a real Prometheus scrapes, reporting sim_peers > 0",
  cliTest,
  async () => {
    const metricsPort = freePort();
    const prometheus = await startPrometheus(metricsPort);
    // Runs until stopped: a fixed duration could end before a slow Prometheus scraped once.
    const sim = startSim([
      "--duration=10m",
      `--metrics-port=${metricsPort}`,
      "--max-peers=6",
      "--initial-peers=4",
      "--max-topics=4",
    ]);
    try {
      // Prometheus has no push notification for a first sample: ask its API until it has one.
      let peers: number | undefined;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        peers = await queryValue(prometheus.url, "sim_peers");
        if (peers !== undefined && peers > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert(
        peers !== undefined && peers > 0,
        `sim_peers from Prometheus: ${peers}\n${sim.output.stdout}`,
      );
      assertEquals(await queryValue(prometheus.url, 'up{job="sim"}'), 1);
      match(sim.output.stdout, /^metrics: http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
      sim.child.kill("SIGINT");
      const status = await within(sim.done, 120_000, "exit after SIGINT", sim.output);
      assertEquals(status.code, 0, sim.output.stderr);
    } finally {
      try {
        sim.child.kill("SIGKILL");
      } catch {
        // It has ended already.
      }
      await sim.done.catch(() => {});
      await prometheus.stop();
    }
  },
);

Deno.test(
  "sim ends by itself after its duration, prints a status and its summary, exits 0",
  cliTest,
  async () => {
    const sim = startSim(
      ["--duration=4s", "--metrics-port=0", "--max-peers=3", "--initial-peers=2", "--max-topics=2"],
      { SIM_PRINT_INTERVAL: "1s" },
    );
    try {
      // The duration runs on the sim's own clock, from its start: a slow start does not shorten it.
      const status = await within(sim.done, 120_000, "exit after the 4 s run", sim.output);
      assertEquals(status.code, 0, sim.output.stderr);
      // A status line; when it is printed depends on the machine's load.
      match(
        sim.output.stdout,
        /^\[\d\d:\d\d\] peers \d+ \(ready \d+\) \| topics \d+ \| connections \d+/m,
      );
      // Ended by the clock, not by an error, and not before its 4 s.
      const ended = sim.output.stdout.match(/^simulation ended after ((?:\d+:)?\d\d:\d\d)$/m);
      assert(ended !== null, sim.output.stdout);
      assert(clockSeconds(ended[1]) >= 4, `ended after ${ended[1]}`);
      match(sim.output.stdout, /^ {2}messages: sent \d+ .*delivered \d+, missed \d+/m);
    } finally {
      try {
        sim.child.kill("SIGKILL");
      } catch {
        // It has ended already.
      }
      await sim.done.catch(() => {});
    }
  },
);

Deno.test(
  "sim stops every peer on Ctrl-C (SIGINT), prints its summary, exits 0, and journals every machine kind",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "sim-journal-" });
    const journal = `${dir}/journal.ndjson`;
    const sim = startSim(
      ["--duration=5m", "--metrics-port=0", "--max-peers=3", "--initial-peers=3"],
      { SIM_PRINT_INTERVAL: "1s", SIM_AM_DEBUG: "1", SIM_JOURNAL_FILE: journal },
    );
    try {
      // Every peer ready, whenever that is on this machine; then Ctrl-C.
      await within(
        sim.printed(/^\[\d\d:\d\d\] peers 3 \(ready 3\)/m),
        120_000,
        "status with all 3 peers ready",
        sim.output,
      );
      sim.child.kill("SIGINT");
      const status = await within(sim.done, 120_000, "exit after SIGINT", sim.output);
      assertEquals(status.code, 0, sim.output.stderr);
      match(sim.output.stdout, /^stopping every peer/m);
      match(sim.output.stdout, /^simulation interrupted after (\d+:)?\d\d:\d\d$/m);
      match(sim.output.stdout, /^ {2}peers: max 3, at end 3;/m);
      match(sim.output.stdout, new RegExp(`^ {2}journal: ${journal}$`, "m"));
      const records = (await Deno.readTextFile(journal)).trim().split("\n").map((line) =>
        JSON.parse(line) as { record: string; machineKind?: string }
      );
      const kinds = new Set(
        records.filter((r) => r.record === "machine").map((r) => r.machineKind),
      );
      for (const kind of ["sim", "simPeer", "simTopic", "pubsubHost", "discovery"]) {
        assert(kinds.has(kind), `no ${kind} machine in the journal (kinds: ${[...kinds]})`);
      }
      assertEquals(records.at(-1)?.record, "end");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("sim with a bad value prints one line and exits 2", cliTest, async () => {
  const flag = await runCli(["sim", "--max-peers=-3"]);
  assertEquals([flag.code, flag.stdout, flag.stderr], [
    2,
    "",
    'error: flag --max-peers must be an integer from 1 to 10000, got "-3"\n',
  ]);
  const env = await runCli(["sim"], { SIM_DURATION: "soon" });
  assertEquals([env.code, env.stderr], [
    2,
    'error: env SIM_DURATION must be a duration like 500ms, 30s, 5m or 1h30m, from 1ms to 168h, got "soon"\n',
  ]);
  const unknown = await runCli(["sim", "--peers=3"]);
  assertEquals(unknown.code, 2);
  assertEquals(unknown.stderr, "error: sim: unknown flag --peers (see --help)\n");
});
