/**
 * The gossipsub-interop node: our js-libp2p host as one node of libp2p/test-plans'
 * `gossipsub-interop` experiments (Shadow runs go, rust, jvm, nim, python and zig nodes together
 * and compares delivery, latency and duplicates). It honours that experiment's contract: params.json
 * and its script instructions, the node id from the hostname `node<N>`, the Ed25519 identity derived
 * from it, TCP port 9000, the message format, and NDJSON on stdout.
 *
 * Also here: the build of the self-contained entry script Shadow starts, a generator of
 * experiment-like scripts, a runner that plays an experiment in Linux network namespaces, and the
 * analysis of the nodes' logs.
 *
 * @example
 * ```ts ignore
 * import { InteropError, interopNodeCommand } from "./lib/interop/mod.ts";
 *
 * Deno.exit(await interopNodeCommand(["--params", "/abs/params.json"]));
 * ```
 *
 * @module
 */
export { InteropError } from "./interop_error.ts";
export { interopNodeCommand, NODE_USAGE } from "./node_command.ts";
export type { InteropNodeCommandOptions } from "./node_command.ts";
export {
  describeUnknownFields,
  parseExperimentParams,
  PARTIAL_MESSAGES_REFUSAL,
  selectGossipSubParams,
} from "./experiment_params.ts";
export type {
  ConnectInstruction,
  ExperimentParams,
  IfNodeIdEqualsInstruction,
  InitGossipSubInstruction,
  ParsedExperimentParams,
  PublishInstruction,
  ScriptInstruction,
  SelectedGossipSubParams,
  SetTopicValidationDelayInstruction,
  SubscribeToTopicInstruction,
  WaitUntilInstruction,
} from "./experiment_params.ts";
export {
  describeUnsettableParams,
  GO_DEFAULT_GOSSIPSUB_PARAMS,
  GOSSIPSUB_PARAMS_SCHEMA,
  resolveGossipSubParams,
  toGossipsubOptions,
  unknownGossipSubFields,
  UNSETTABLE_GOSSIPSUB_PARAMS,
  validateGossipSubParams,
} from "./gossipsub_params.ts";
export type {
  GossipSubParams,
  InteropGossipsubSettings,
  ValidateGossipSubParamsOptions,
} from "./gossipsub_params.ts";
export {
  createNodeKeySeed,
  createNodePrivateKey,
  derivePeerId,
  MAX_NODE_ID,
  parseNodeIdFromHostname,
} from "./node_identity.ts";
export {
  createMessagePayload,
  formatMessageId,
  MESSAGE_ID_BYTES,
  messageIdBytes,
  readMessageId,
} from "./message_payload.ts";
export { createNdjsonLogger, formatRfc3339Micros, writeStdoutLine } from "./ndjson_logger.ts";
export type { NdjsonLogger, NdjsonLoggerOptions } from "./ndjson_logger.ts";
export {
  createInteropHost,
  INTEROP_CONNECTION_MANAGER,
  INTEROP_LISTEN_ADDR,
  INTEROP_SCORE_PARAMS,
  INTEROP_STACK_DESCRIPTIONS,
  INTEROP_STACKS,
  INTEROP_TCP_PORT,
} from "./interop_host.ts";
export type {
  InteropHost,
  InteropHostOptions,
  InteropStack,
  ReceivedRpcMessage,
} from "./interop_host.ts";
export { connectToNodes, resolveNodeAddress } from "./connect_to_nodes.ts";
export type { ConnectToNodesOptions } from "./connect_to_nodes.ts";
export { runScript } from "./run_script.ts";
export type { RunScriptOptions, ScriptHost } from "./run_script.ts";
export {
  buildInteropNode,
  entryScriptName,
  INTEROP_NODE_PERMISSIONS,
  renderEntryScript,
} from "./build_interop_node.ts";
export type {
  BuildInteropNodeOptions,
  BuiltInteropNode,
  EntryScriptPaths,
} from "./build_interop_node.ts";
export { createSubnetBlobScript } from "./subnet_blob_script.ts";
export type { SubnetBlobScript, SubnetBlobScriptOptions } from "./subnet_blob_script.ts";
export { parseNodeLog, parseRfc3339Ms, summarizeDeliveries } from "./summarize_deliveries.ts";
export type { MessageDeliveries, NodeLog } from "./summarize_deliveries.ts";
export { checkNetnsPrerequisites, findNetnsTools } from "./netns_tools.ts";
export type { NetnsTools } from "./netns_tools.ts";
export {
  listNamespaces,
  MAX_NETNS_NODES,
  nodeAddress,
  runNetnsExperiment,
} from "./netns_experiment.ts";
export type {
  NetnsExperimentOptions,
  NetnsExperimentResult,
  NetnsNetwork,
} from "./netns_experiment.ts";
export {
  assignNetwork,
  nodeLatencyMatrix,
  parseNetworkModel,
  TEST_PLANS_NETWORK_MODEL,
} from "./network_model.ts";
export type { NetworkLocation, NetworkModel, NodeClass, NodeNetwork } from "./network_model.ts";
export {
  compareWithTestPlans,
  formatRunSummary,
  parseTestPlansAnalysis,
  percentiles,
  quantile,
  summarizeRun,
} from "./summarize_run.ts";
export type {
  InteropRunSummary,
  Percentiles,
  TestPlansAnalysisRow,
  TestPlansComparison,
} from "./summarize_run.ts";
export type { TestPlansMessageFigures } from "./summarize_deliveries.ts";
export { networkFromShadow, parseShadowGml, parseShadowHosts } from "./shadow_experiment.ts";
export type { GmlNetworkNode, ShadowGraph, ShadowHost } from "./shadow_experiment.ts";
export { compositionName, patchTestPlans, TEST_PLANS_FOLDER } from "./test_plans_setup.ts";
export type { PatchTestPlansOptions, TestPlansFiles } from "./test_plans_setup.ts";
