/**
 * The simulator: a living pub/sub network driven by state machines. A pure world model
 * (peers, topics, friendships, memberships, messages awaiting verification) changed only through
 * the sim machine; a pure action scheduler timed by a heartbeat; a runner that gives each peer
 * a libp2p host of the `states` variant and serves Prometheus metrics; a Grafana dashboard
 * generated from the same metric table.
 *
 * @example
 * ```ts ignore
 * import { loadSimConfig, runSim } from "./lib/sim/mod.ts";
 *
 * const config = await loadSimConfig({ flags: { duration: "30s" } });
 * const summary = await runSim(config, { print: console.log });
 * ```
 *
 * @module
 */
export { SIM_USAGE, simCommand } from "./sim_command.ts";
export { runSim } from "./run_sim.ts";
export type { RunSimOptions } from "./run_sim.ts";
export { SimError } from "./sim_error.ts";
export {
  DEFAULT_SIM_CONFIG,
  formatDurationMs,
  parseDurationMs,
  SIM_ACTIONS,
} from "./sim_config.ts";
export type {
  SimActionName,
  SimConfig,
  SimJournalConfig,
  SimMetricsConfig,
  SimNetworkConfig,
} from "./sim_config.ts";
export { parseSimConfig, SIM_CONFIG_KEYS, SIM_ENV_NAMES } from "./parse_sim_config.ts";
export type { ParseSimConfigOptions, SimConfigKey, SimFlags } from "./parse_sim_config.ts";
export { loadSimConfig } from "./load_sim_config.ts";
export type { LoadSimConfigOptions } from "./load_sim_config.ts";
export { createActionScheduler } from "./action_scheduler.ts";
export type {
  ActionScheduler,
  ActionSchedulerOptions,
  ScheduledAction,
} from "./action_scheduler.ts";
export { createHeartbeatLoop } from "./heartbeat_loop.ts";
export type {
  Heartbeat,
  HeartbeatLoop,
  HeartbeatLoopOptions,
  HeartbeatTimers,
} from "./heartbeat_loop.ts";
export {
  applyWorldEvent,
  canApplyChange,
  createWorld,
  effectsOf,
  KEPT_VERIFICATIONS,
  worldLimitsOf,
} from "./world.ts";
export type {
  PeerState,
  PendingMessage,
  TopicState,
  Verification,
  World,
  WorldChange,
  WorldEffect,
  WorldEvent,
  WorldLimits,
  WorldReport,
  WorldTotals,
} from "./world.ts";
export { simMachine } from "./sim_machine.ts";
export type {
  PerformParams,
  PopulateInput,
  SimContext,
  SimEvent,
  SimInput,
} from "./sim_machine.ts";
export { planAction, topicName } from "./world_plan.ts";
export type { WorldRandom } from "./world_plan.ts";
export { registerSimMetrics, SIM_METRIC_SPECS } from "./sim_metrics.ts";
export type { PanelQuery, SimMetricSpec } from "./sim_metrics.ts";
export { createMachineMetrics, leafStatePaths } from "./machine_metrics.ts";
export { createSimDashboard, renderSimDashboard, SIM_DASHBOARD_FILE } from "./grafana_dashboard.ts";
export {
  formatSimStatus,
  formatSimSummary,
  summarizeLags,
  worldStats,
} from "./format_sim_status.ts";
export type { LagSummary, SimStatus, SimSummary, WorldStats } from "./format_sim_status.ts";
export { createMetricsPusher, serveMetrics } from "./metrics_server.ts";
export type { MetricsServer } from "./metrics_server.ts";
