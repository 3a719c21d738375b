/**
 * params.json of a gossipsub-interop experiment: `{"script": [...]}`, the instructions every node
 * runs in order (the experiment's `script_instruction.py`). Parsed and validated before the node
 * starts, so a bad file stops it with one line naming the instruction and the field.
 *
 * @module
 */
import { jsonErrorReason } from "../config/mod.ts";
import { describeValue } from "./_describe_value.ts";
import {
  type GossipSubParams,
  resolveGossipSubParams,
  validateGossipSubParams,
} from "./gossipsub_params.ts";
import { InteropError } from "./interop_error.ts";
import { MESSAGE_ID_BYTES } from "./message_payload.ts";
import { MAX_NODE_ID } from "./node_identity.ts";

/** One script instruction; field names as in params.json. */
export type ScriptInstruction =
  | ConnectInstruction
  | IfNodeIdEqualsInstruction
  | WaitUntilInstruction
  | PublishInstruction
  | SubscribeToTopicInstruction
  | SetTopicValidationDelayInstruction
  | InitGossipSubInstruction;

/** Dial these nodes (by node id). */
export interface ConnectInstruction {
  type: "connect";
  connectTo: number[];
}

/** Run `instruction` only on node `nodeID`. */
export interface IfNodeIdEqualsInstruction {
  type: "ifNodeIDEquals";
  nodeID: number;
  instruction: ScriptInstruction;
}

/** Wait until `elapsedSeconds` have passed since the process started; forwarding goes on. */
export interface WaitUntilInstruction {
  type: "waitUntil";
  elapsedSeconds: number;
}

/** Publish message `messageID`, `messageSizeBytes` long, on topic `topicID`. */
export interface PublishInstruction {
  type: "publish";
  messageID: number;
  messageSizeBytes: number;
  topicID: string;
}

/** Subscribe to topic `topicID` (full messages; partial subscriptions are refused). */
export interface SubscribeToTopicInstruction {
  type: "subscribeToTopic";
  topicID: string;
}

/** Every message on `topicID` takes `delaySeconds` to validate before it is forwarded. */
export interface SetTopicValidationDelayInstruction {
  type: "setTopicValidationDelay";
  topicID: string;
  delaySeconds: number;
}

/** Start gossipsub with these parameters (only the fields params.json sets). */
export interface InitGossipSubInstruction {
  type: "initGossipSub";
  gossipSubParams: Partial<GossipSubParams>;
}

/** A parsed params.json. */
export interface ExperimentParams {
  script: ScriptInstruction[];
}

/** The gossipsub parameters one node runs with: see {@linkcode selectGossipSubParams}. */
export interface SelectedGossipSubParams {
  /** The fields its initGossipSub sets (empty when it has none). */
  given: Partial<GossipSubParams>;
  /** `given` over Go's defaults. */
  params: GossipSubParams;
  /** Where its initGossipSub is, e.g. `script[3].instruction`; `undefined` when it has none. */
  where: string | undefined;
}

const FIELDS: Readonly<Record<ScriptInstruction["type"], readonly string[]>> = {
  connect: ["connectTo"],
  ifNodeIDEquals: ["nodeID", "instruction"],
  waitUntil: ["elapsedSeconds"],
  publish: ["messageID", "messageSizeBytes", "topicID"],
  subscribeToTopic: ["topicID", "partial"],
  setTopicValidationDelay: ["topicID", "delaySeconds"],
  initGossipSub: ["gossipSubParams"],
};

const PARTIAL_TYPES = new Set(["addPartialMessage", "publishPartial"]);

const PARTIAL_REFUSAL = "partial messages are not supported by this node (@libp2p/gossipsub 17 " +
  "has no partial-message extension); run a scenario without them";

/**
 * Parses and validates the text of a params.json.
 *
 * Every instruction is checked, those for other nodes too, and every initGossipSub is checked
 * against Go's rules, so one file gives the same verdict on every node. Unknown instruction types
 * and unknown fields are refused (go-libp2p would ignore an unknown field; here a typo or a newer
 * experiment should not pass unnoticed). Partial-message instructions are refused.
 *
 * @param source names the file in error messages
 * @throws {InteropError} with one line: `<source>: script[i]...: <rule>, got <value>`
 *
 * @example
 * ```ts
 * import { parseExperimentParams } from "./experiment_params.ts";
 *
 * const params = parseExperimentParams(
 *   '{"script":[{"type":"waitUntil","elapsedSeconds":5}]}',
 *   "params.json",
 * );
 * console.assert(params.script[0].type === "waitUntil");
 * ```
 */
export function parseExperimentParams(text: string, source: string): ExperimentParams {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InteropError(`${source}: not valid JSON: ${jsonErrorReason(error)}`, {
      cause: error,
    });
  }
  const top = _object(value, source);
  _onlyFields(top, ["script"], source);
  if (!Array.isArray(top.script)) {
    throw new InteropError(
      `${source}: script: must be an array of instructions, got ${describeValue(top.script)}`,
    );
  }
  const script = top.script.map((item, index) => _instruction(item, `${source}: script[${index}]`));
  return { script };
}

/**
 * The gossipsub parameters node `nodeId` runs with: those of the initGossipSub that applies to it
 * (at the top level, or inside ifNodeIDEquals for its id), or Go's defaults when none does.
 *
 * The host is created before the script runs (it must listen from the start, as the Go node's
 * does), so its parameters are looked up first; initGossipSub itself then does nothing.
 *
 * @throws {InteropError} when more than one initGossipSub applies to the node
 */
export function selectGossipSubParams(
  script: readonly ScriptInstruction[],
  nodeId: number,
  source: string,
): SelectedGossipSubParams {
  const found: Array<{ instruction: InitGossipSubInstruction; where: string }> = [];
  const visit = (instruction: ScriptInstruction, where: string): void => {
    if (instruction.type === "initGossipSub") found.push({ instruction, where });
    if (instruction.type === "ifNodeIDEquals" && instruction.nodeID === nodeId) {
      visit(instruction.instruction, `${where}.instruction`);
    }
  };
  script.forEach((instruction, index) => visit(instruction, `script[${index}]`));
  if (found.length > 1) {
    throw new InteropError(
      `${source}: initGossipSub must apply at most once to node ${nodeId}, found at ${
        found.map((entry) => entry.where).join(", ")
      }`,
    );
  }
  const selected = found[0];
  const given = selected?.instruction.gossipSubParams ?? {};
  const where = selected?.where;
  const params = resolveGossipSubParams(
    given,
    `${source}: ${where ?? "(no initGossipSub)"}.gossipSubParams`,
  );
  return { given, params, where };
}

function _instruction(value: unknown, where: string): ScriptInstruction {
  const item = _object(value, where);
  const type = item.type;
  if (typeof type === "string" && PARTIAL_TYPES.has(type)) {
    throw new InteropError(`${where}: ${type}: ${PARTIAL_REFUSAL}`);
  }
  if (typeof type !== "string" || !Object.hasOwn(FIELDS, type)) {
    throw new InteropError(
      `${where}.type: must be one of ${Object.keys(FIELDS).join(", ")}, got ${describeValue(type)}`,
    );
  }
  const kind = type as ScriptInstruction["type"];
  _onlyFields(item, ["type", ...FIELDS[kind]], `${where} (${kind})`);
  switch (kind) {
    case "connect": {
      if (!Array.isArray(item.connectTo)) {
        throw new InteropError(
          `${where}.connectTo: must be an array of node ids, got ${describeValue(item.connectTo)}`,
        );
      }
      const connectTo = item.connectTo.map((id, index) =>
        _nodeId(id, `${where}.connectTo[${index}]`)
      );
      return { type: kind, connectTo };
    }
    case "ifNodeIDEquals":
      return {
        type: kind,
        nodeID: _nodeId(item.nodeID, `${where}.nodeID`),
        instruction: _instruction(item.instruction, `${where}.instruction`),
      };
    case "waitUntil":
      return {
        type: kind,
        elapsedSeconds: _integer(item.elapsedSeconds, `${where}.elapsedSeconds`, 0),
      };
    case "publish":
      return {
        type: kind,
        messageID: _integer(item.messageID, `${where}.messageID`, 0),
        messageSizeBytes: _integer(
          item.messageSizeBytes,
          `${where}.messageSizeBytes`,
          MESSAGE_ID_BYTES,
        ),
        topicID: _topic(item.topicID, `${where}.topicID`),
      };
    case "subscribeToTopic":
      if (item.partial !== undefined && item.partial !== false) {
        throw new InteropError(
          `${where}.partial: must be false or absent (${PARTIAL_REFUSAL}), got ${
            describeValue(item.partial)
          }`,
        );
      }
      return { type: kind, topicID: _topic(item.topicID, `${where}.topicID`) };
    case "setTopicValidationDelay": {
      const delay = item.delaySeconds;
      if (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0) {
        throw new InteropError(
          `${where}.delaySeconds: must be a number of seconds >= 0, got ${describeValue(delay)}`,
        );
      }
      return { type: kind, topicID: _topic(item.topicID, `${where}.topicID`), delaySeconds: delay };
    }
    case "initGossipSub": {
      const paramsWhere = `${where}.gossipSubParams`;
      const given = validateGossipSubParams(item.gossipSubParams, paramsWhere);
      resolveGossipSubParams(given, paramsWhere);
      return { type: kind, gossipSubParams: given };
    }
  }
}

function _object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InteropError(`${where}: must be an object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

function _onlyFields(item: Record<string, unknown>, known: readonly string[], where: string) {
  for (const key of Object.keys(item)) {
    if (!known.includes(key)) {
      throw new InteropError(
        `${where}: unknown field ${JSON.stringify(key)} (known: ${known.join(", ")})`,
      );
    }
  }
}

function _integer(value: unknown, where: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new InteropError(
      `${where}: must be an integer in [${min}, 2^53 - 1], got ${describeValue(value)}`,
    );
  }
  return value;
}

function _nodeId(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_NODE_ID) {
    throw new InteropError(
      `${where}: must be a node id (an integer in [0, ${MAX_NODE_ID}]), got ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

function _topic(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") {
    throw new InteropError(`${where}: must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}
