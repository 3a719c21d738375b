/**
 * `sim`: loads sim.yml (environment and flags override it), runs the simulator until its
 * duration has passed or Ctrl-C, and prints the summary.
 *
 * @module
 */
import { listenForStopSignals, parseFlags } from "../config/mod.ts";
import { UsageError, writeTextAtomically } from "../bench/mod.ts";
import { formatDurationMs } from "./sim_config.ts";
import { formatSimSummary } from "./format_sim_status.ts";
import { renderSimDashboard, SIM_DASHBOARD_FILE } from "./grafana_dashboard.ts";
import { loadSimConfig } from "./load_sim_config.ts";
import type { SimFlags } from "./parse_sim_config.ts";
import { runSim } from "./run_sim.ts";

/** Usage text of the sim command. */
export const SIM_USAGE = `Usage: deno task sim [options]

Runs the pub/sub simulator: peers join and leave, topics rise and go stale, friends follow
friends, messages are sent and their delivery checked. Prints the status every 10 s and serves
Prometheus metrics on 127.0.0.1. Ctrl-C stops it (every peer is stopped, then a summary).

Options:
  --config FILE          config file (default sim.yml; all defaults when it is missing)
  --duration D           how long to run, e.g. 30s, 10m, 1h      (env SIM_DURATION)
  --max-peers N          peers at most                           (env SIM_MAX_PEERS)
  --max-topics N         topics at most                          (env SIM_MAX_TOPICS)
  --initial-peers N      peers created at the start              (env SIM_INITIAL_PEERS)
  --metrics-port P       port of /metrics on 127.0.0.1; 0: any   (env SIM_METRICS_PORT)
  --seed S               seed of every random choice             (env SIM_SEED)
  --heartbeat D          heartbeat period, e.g. 1s               (env SIM_HEARTBEAT)
  --journal              state-machine history journal           (env SIM_AM_DEBUG, PS_AM_DEBUG)
  --write-dashboard [F]  write the Grafana dashboard (default ${SIM_DASHBOARD_FILE}) and exit
  -h, --help             this text

Every key of sim.yml has an environment variable: SIM_ and its path in upper snake case
(metrics.port: SIM_METRICS_PORT); SIM_METRICS=0 turns /metrics off.
Exit codes: 0 done (duration, Ctrl-C or SIGTERM: every peer stopped, summary printed), 130 quit
by a second Ctrl-C (peers not stopped, no summary), 2 bad input, 1 unexpected error.`;

/** Runs the sim command with `args` (the words after `sim`); returns the exit code. */
export async function simCommand(args: string[]): Promise<number> {
  const flags = _parseFlags(args);
  if (flags.help) {
    console.log(SIM_USAGE);
    return 0;
  }
  if (flags.writeDashboard !== undefined) {
    const path = flags.writeDashboard === "" ? SIM_DASHBOARD_FILE : flags.writeDashboard;
    await writeTextAtomically(path, renderSimDashboard());
    console.log(`dashboard: ${path}`);
    return 0;
  }
  const config = await loadSimConfig({ file: flags.config, flags });
  for (const note of config.notes) console.log(`note: ${note}`);
  const controller = new AbortController();
  // One Ctrl-C can arrive twice (deno task forwards it too): the gate takes the copy as the same
  // request, so only a person's second Ctrl-C quits without stopping the peers. Listening starts
  // before the first line: adding a listener is not instant, and a signal sent on seeing that
  // line must not meet the default action.
  const stopListening = listenForStopSignals({
    onStop: (signal) => {
      console.log(
        `stopping every peer${
          signal === "SIGINT" ? "" : ` (${signal})`
        } (Ctrl-C again quits at once)...`,
      );
      controller.abort();
    },
    onQuit: () => {
      console.error("interrupted again: quitting without stopping the peers");
      Deno.exit(130);
    },
  });
  console.log(
    `sim: up to ${config.maxPeers} peers and ${config.maxTopics} topics for ${
      formatDurationMs(config.durationMs)
    } (seed ${config.seed}, heartbeat ${formatDurationMs(config.heartbeatMs)}); Ctrl-C stops`,
  );
  // The listeners stay until the process exits: removed, a late copy of the Ctrl-C would meet
  // the default action and kill the process before its summary.
  const summary = await runSim(config, {
    signal: controller.signal,
    print: (text) => console.log(text),
    onMetricsListen: (url) => console.log(`metrics: ${url}`),
  }).catch((error) => {
    stopListening();
    throw error;
  });
  console.log(formatSimSummary(summary));
  return summary.reason === "failed" ? 1 : 0;
}

interface _Flags extends SimFlags {
  config?: string;
  writeDashboard?: string;
  help: boolean;
}

function _parseFlags(args: string[]): _Flags {
  // `--write-dashboard` alone means the default file; parseArgs has no optional values.
  const words = args.map((arg) => arg === "--write-dashboard" ? "--write-dashboard=" : arg);
  const parsed = parseFlags(words, "sim", {
    toError: (message) => new UsageError(message),
    options: {
      config: { type: "string" },
      duration: { type: "string" },
      "max-peers": { type: "string" },
      "max-topics": { type: "string" },
      "initial-peers": { type: "string" },
      "metrics-port": { type: "string" },
      seed: { type: "string" },
      heartbeat: { type: "string" },
      journal: { type: "boolean" },
      "write-dashboard": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const values = parsed.values;
  return {
    config: values.config,
    duration: values.duration,
    maxPeers: values["max-peers"],
    maxTopics: values["max-topics"],
    initialPeers: values["initial-peers"],
    metricsPort: values["metrics-port"],
    seed: values.seed,
    heartbeat: values.heartbeat,
    journal: values.journal === undefined ? undefined : String(values.journal),
    writeDashboard: values["write-dashboard"],
    help: values.help ?? false,
  };
}
