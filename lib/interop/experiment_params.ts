/**
 * params.json of a gossipsub-interop experiment: `{"script": [...]}`, the instructions every node
 * runs in order (the experiment's `script_instruction.py`). Parsed and validated before the node
 * starts, so a bad file stops it with one line naming the instruction and the field.
 *
 * @module
 */
import { z } from "zod";
import { jsonErrorReason } from "../config/mod.ts";
import { formatIssuePath, interopErrorFromZod } from "./_zod_issue.ts";
import {
  GOSSIPSUB_PARAMS_SCHEMA,
  type GossipSubParams,
  resolveGossipSubParams,
  unknownGossipSubFields,
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

/** A params.json. */
export interface ExperimentParams {
  script: ScriptInstruction[];
}

/** A parsed params.json: its script, and the fields it has that this node ignores. */
export interface ParsedExperimentParams extends ExperimentParams {
  /**
   * Paths of the fields the experiment's format does not define, e.g. `script[3].until` or
   * `script[0].gossipSubParams.NewField`; they are ignored, as the Go node ignores them.
   */
  unknownFields: string[];
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

/**
 * Why partial-message instructions are refused (docs/interop.md, "Partial messages", has the
 * details).
 */
export const PARTIAL_MESSAGES_REFUSAL = "partial messages are not supported by this node " +
  "(@libp2p/gossipsub 17 has no partial-message extension, see docs/interop.md); " +
  "run a scenario without them";

const KNOWN_TYPES = [
  "connect",
  "ifNodeIDEquals",
  "waitUntil",
  "publish",
  "subscribeToTopic",
  "setTopicValidationDelay",
  "initGossipSub",
] as const;

const PARTIAL_TYPES = ["addPartialMessage", "publishPartial"] as const;

const NODE_ID_RULE = `must be a node id (an integer in [0, ${MAX_NODE_ID}])`;

function _integerFrom(min: number): z.ZodType<number> {
  const error = `must be an integer in [${min}, 2^53 - 1]`;
  return z.int({ error }).min(min, { error });
}

const TOPIC = z.string({ error: "must be a non-empty string" }).min(1, {
  error: "must be a non-empty string",
});
const NODE_ID = z.int({ error: NODE_ID_RULE }).min(0, { error: NODE_ID_RULE }).max(MAX_NODE_ID, {
  error: NODE_ID_RULE,
});

/** One schema per instruction type; the keys of each `shape` are the fields it defines. */
const INSTRUCTION_SCHEMAS = {
  connect: z.object({
    type: z.literal("connect"),
    connectTo: z.array(NODE_ID, { error: "must be an array of node ids" }),
  }),
  ifNodeIDEquals: z.object({
    type: z.literal("ifNodeIDEquals"),
    nodeID: NODE_ID,
    get instruction(): z.ZodType<ScriptInstruction> {
      return INSTRUCTION;
    },
  }),
  waitUntil: z.object({ type: z.literal("waitUntil"), elapsedSeconds: _integerFrom(0) }),
  publish: z.object({
    type: z.literal("publish"),
    messageID: _integerFrom(0),
    messageSizeBytes: _integerFrom(MESSAGE_ID_BYTES),
    topicID: TOPIC,
  }),
  subscribeToTopic: z.object({
    type: z.literal("subscribeToTopic"),
    topicID: TOPIC,
    partial: z.literal(false, {
      error: `must be false or absent (${PARTIAL_MESSAGES_REFUSAL})`,
    }).optional(),
  }),
  setTopicValidationDelay: z.object({
    type: z.literal("setTopicValidationDelay"),
    topicID: TOPIC,
    delaySeconds: z.number({ error: "must be a number of seconds >= 0" }).min(0, {
      error: "must be a number of seconds >= 0",
    }),
  }),
  initGossipSub: z.object({
    type: z.literal("initGossipSub"),
    gossipSubParams: GOSSIPSUB_PARAMS_SCHEMA,
  }),
};

/** A partial-message instruction: valid in the experiment, refused by this node. */
function _refused(type: (typeof PARTIAL_TYPES)[number]) {
  return z.object({ type: z.literal(type) }).superRefine((_, context) => {
    context.addIssue({
      code: "custom",
      message: `${type}: ${PARTIAL_MESSAGES_REFUSAL}`,
      params: { refusal: true },
    });
  });
}

const INSTRUCTION: z.ZodType<ScriptInstruction> = z.discriminatedUnion(
  "type",
  [
    ...Object.values({
      ...INSTRUCTION_SCHEMAS,
      // `partial: false` (pydantic writes it) means a plain subscription.
      subscribeToTopic: INSTRUCTION_SCHEMAS.subscribeToTopic.transform(({ type, topicID }) => ({
        type,
        topicID,
      })),
    }),
    ...PARTIAL_TYPES.map(_refused),
  ] as unknown as [z.ZodObject, ...z.ZodObject[]],
  {
    error: (issue) =>
      (issue.code as string) === "invalid_type"
        ? "must be an object"
        : `must be one of ${KNOWN_TYPES.join(", ")}`,
  },
) as unknown as z.ZodType<ScriptInstruction>;

const PARAMS = z.object({
  script: z.array(INSTRUCTION, { error: "must be an array of instructions" }),
}, { error: "must be an object" });

/**
 * Parses and validates the text of a params.json.
 *
 * Every instruction is checked, those for other nodes too, and every initGossipSub is checked
 * against Go's rules, so one file gives the same verdict on every node. Unknown instruction types
 * are refused (the node cannot run them), and so are the partial-message instructions
 * (`addPartialMessage`, `publishPartial`, `subscribeToTopic` with `partial: true`). Unknown
 * fields are ignored, as go-libp2p ignores them, and listed in `unknownFields` for a warning.
 *
 * @param source names the file in error messages
 * @throws {InteropError} with one line: `<source>: script[i]...: <rule>, got <value>`
 *
 * @example
 * ```ts
 * import { parseExperimentParams } from "./experiment_params.ts";
 *
 * const params = parseExperimentParams(
 *   '{"script":[{"type":"waitUntil","elapsedSeconds":5,"note":"x"}]}',
 *   "params.json",
 * );
 * console.assert(params.script[0].type === "waitUntil");
 * console.assert(params.unknownFields[0] === "script[0].note");
 * ```
 */
export function parseExperimentParams(text: string, source: string): ParsedExperimentParams {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InteropError(`${source}: not valid JSON: ${jsonErrorReason(error)}`, {
      cause: error,
    });
  }
  const result = PARAMS.safeParse(value);
  if (!result.success) {
    throw interopErrorFromZod(
      result.error,
      value,
      (path) => path === "" ? source : `${source}: ${path}`,
    );
  }
  const unknownFields = Object.keys(value as object).filter((key) => key !== "script");
  const raw = (value as { script: unknown[] }).script;
  result.data.script.forEach((instruction, index) => {
    _checkInstruction(instruction, raw[index], ["script", index], source, unknownFields);
  });
  return { script: result.data.script, unknownFields };
}

/**
 * One line for stderr naming the ignored fields of `params` (at most `limit` of them), or
 * `undefined` when there are none.
 */
export function describeUnknownFields(
  params: ParsedExperimentParams,
  source: string,
  limit = 8,
): string | undefined {
  const fields = params.unknownFields;
  if (fields.length === 0) return undefined;
  const shown = fields.slice(0, limit).join(", ");
  const more = fields.length > limit ? ` and ${fields.length - limit} more` : "";
  return `warning: ${source}: ignoring ${fields.length} unknown field${
    fields.length === 1 ? "" : "s"
  } (as the Go node does): ${shown}${more}`;
}

/** Collects unknown fields and applies Go's cross-field rules to every initGossipSub. */
function _checkInstruction(
  instruction: ScriptInstruction,
  raw: unknown,
  path: Array<string | number>,
  source: string,
  unknownFields: string[],
): void {
  const where = formatIssuePath(path);
  const known = Object.keys(INSTRUCTION_SCHEMAS[instruction.type].shape);
  for (const key of Object.keys(raw as object)) {
    if (!known.includes(key)) unknownFields.push(`${where}.${key}`);
  }
  if (instruction.type === "ifNodeIDEquals") {
    const inner = (raw as { instruction: unknown }).instruction;
    _checkInstruction(
      instruction.instruction,
      inner,
      [...path, "instruction"],
      source,
      unknownFields,
    );
  } else if (instruction.type === "initGossipSub") {
    const given = (raw as { gossipSubParams: unknown }).gossipSubParams;
    for (const key of unknownGossipSubFields(given)) {
      unknownFields.push(`${where}.gossipSubParams.${key}`);
    }
    resolveGossipSubParams(instruction.gossipSubParams, `${source}: ${where}.gossipSubParams`);
  }
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
