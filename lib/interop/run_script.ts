/**
 * Runs a node's script: each instruction in order, `ifNodeIDEquals` for this node only,
 * `waitUntil` by sleeping (the router keeps receiving and forwarding meanwhile).
 *
 * @module
 */
import type { ScriptInstruction } from "./experiment_params.ts";
import { InteropError } from "./interop_error.ts";
import { createMessagePayload } from "./message_payload.ts";
import type { NdjsonLogger } from "./ndjson_logger.ts";

/** What the script needs of the host. */
export interface ScriptHost {
  subscribe(topic: string): void;
  /** Resolves to the number of peers the message was sent to. */
  publish(topic: string, data: Uint8Array): Promise<number>;
  setTopicValidationDelay(topic: string, delayMs: number): void;
  /** Peers in the mesh of `topic` (for diagnostics). */
  meshPeerCount(topic: string): number;
}

/** Options of {@linkcode runScript}. */
export interface RunScriptOptions {
  nodeId: number;
  host: ScriptHost;
  /** Connects to these nodes; resolves when all are connected. */
  connect(nodeIds: readonly number[]): Promise<void>;
  /** The script's clock in milliseconds (`waitUntil` counts on it); the node starts it when it listens. */
  elapsedMs(): number;
  sleep(ms: number): Promise<void>;
  /** stdout: gets a `Published Message` event per publish. */
  log: NdjsonLogger;
  /** A diagnostic line for stderr. */
  diagnose(line: string): void;
}

/**
 * Runs `script` for node `options.nodeId`.
 *
 * `initGossipSub` does nothing here: its parameters were applied when the host was created
 * (see `selectGossipSubParams`). A publish that throws stops the script.
 *
 * @throws {InteropError} when a publish or a connect fails
 */
export async function runScript(
  script: readonly ScriptInstruction[],
  options: RunScriptOptions,
): Promise<void> {
  for (const [index, instruction] of script.entries()) {
    await _run(instruction, `script[${index}]`, options);
  }
}

async function _run(
  instruction: ScriptInstruction,
  where: string,
  options: RunScriptOptions,
): Promise<void> {
  const { host } = options;
  switch (instruction.type) {
    case "initGossipSub":
      return;
    case "ifNodeIDEquals":
      if (instruction.nodeID === options.nodeId) {
        await _run(instruction.instruction, `${where}.instruction`, options);
      }
      return;
    case "connect":
      await options.connect(instruction.connectTo);
      options.diagnose(
        `node ${options.nodeId} connected to ${
          instruction.connectTo.map((id) => `node${id}`).join(", ")
        }`,
      );
      return;
    case "waitUntil": {
      const waitMs = instruction.elapsedSeconds * 1000 - options.elapsedMs();
      if (waitMs > 0) {
        options.diagnose(
          `waiting ${Math.round(waitMs)} ms (until ${instruction.elapsedSeconds} s)`,
        );
        await options.sleep(waitMs);
      }
      return;
    }
    case "subscribeToTopic":
      host.subscribe(instruction.topicID);
      return;
    case "setTopicValidationDelay":
      host.setTopicValidationDelay(instruction.topicID, instruction.delaySeconds * 1000);
      return;
    case "publish": {
      const { messageID, messageSizeBytes, topicID } = instruction;
      const payload = createMessagePayload(messageID, messageSizeBytes);
      options.diagnose(
        `publishing message ${messageID} on ${topicID} (${host.meshPeerCount(topicID)} mesh peers)`,
      );
      // The event's time is the call's start: the experiment measures dissemination from the
      // publish call, and publish() resolves only after the message is queued to every peer.
      const publishedAtMs = options.log.nowMs();
      let recipients: number;
      try {
        recipients = await host.publish(topicID, payload);
      } catch (error) {
        throw new InteropError(
          `${where}: publishing message ${messageID} on topic ${JSON.stringify(topicID)} failed: ${
            error instanceof Error ? error.message : String(error)
          }`,
          { cause: error },
        );
      }
      options.log.info("Published Message", {
        id: String(messageID),
        topic: topicID,
        size: messageSizeBytes,
        recipients,
      }, publishedAtMs);
      if (recipients === 0) {
        options.diagnose(`message ${messageID} on ${topicID} reached no peer: none subscribed`);
      }
      return;
    }
  }
}
