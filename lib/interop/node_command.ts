/**
 * `node`: one node of a libp2p/test-plans gossipsub-interop experiment. Reads params.json, takes
 * its node id from the hostname `node<N>`, logs `PeerID`, runs the script, logs every received
 * message (duplicates included) as NDJSON on stdout, and returns 0 when the script ends.
 *
 * @module
 */
import { osReason, parseFlags } from "../config/mod.ts";
import { connectToNodes } from "./connect_to_nodes.ts";
import {
  describeUnknownFields,
  parseExperimentParams,
  selectGossipSubParams,
} from "./experiment_params.ts";
import { describeUnsettableParams, toGossipsubOptions } from "./gossipsub_params.ts";
import {
  createInteropHost,
  INTEROP_LISTEN_ADDR,
  INTEROP_STACK_DESCRIPTIONS,
  INTEROP_STACKS,
  type InteropHost,
  type InteropStack,
} from "./interop_host.ts";
import { InteropError } from "./interop_error.ts";
import { formatMessageId } from "./message_payload.ts";
import { createNdjsonLogger, type NdjsonLogger } from "./ndjson_logger.ts";
import { parseNodeIdFromHostname } from "./node_identity.ts";
import { runScript } from "./run_script.ts";

/** Usage text of the node command. */
export const NODE_USAGE = `Usage: deno task node --params /abs/path/params.json [--stack NAME]

One node of a libp2p/test-plans gossipsub-interop experiment.
Its node id comes from the hostname, which must be node<N>; it listens on /ip4/0.0.0.0/tcp/9000
and dials node<M> (resolved through the system resolver) on port 9000.

Options:
  --params FILE   the experiment's params.json ({"script": [...]}); unknown fields are ignored
                  with one warning, partial-message instructions are refused
  --stack NAME    ${
  INTEROP_STACKS.map((stack) => `${stack} (${INTEROP_STACK_DESCRIPTIONS[stack]})`).join(" or ")
}; default ${INTEROP_STACKS[0]}
  -h, --help      this text

stdout: NDJSON only ({"time":...,"msg":"PeerID",...}, {"msg":"Received Message",...});
diagnostics on stderr. Exit codes: 0 the script ended, 2 bad input or a peer that never answered,
1 unexpected error. For Shadow, run the entry script that \`deno task node:build\` writes.`;

/** Options of {@linkcode interopNodeCommand}; the defaults are the real process's. */
export interface InteropNodeCommandOptions {
  /** @default `Deno.hostname` */
  hostname?: () => string;
  /** stdout. @default NDJSON on stdout */
  log?: NdjsonLogger;
  /** One diagnostic line. @default a line on stderr */
  diagnose?: (line: string) => void;
  /**
   * The script's clock (`waitUntil`), in milliseconds.
   * @default the time since the host listens: a Deno node takes seconds to load libp2p (tens of
   * seconds on a loaded machine), a Go node milliseconds, and under Shadow neither costs
   * simulated time; counted from process start, a slow start would eat into the script's waits
   * and a node could publish and leave before the others could dial it.
   */
  elapsedMs?: () => number;
  /** @default {@linkcode INTEROP_LISTEN_ADDR} */
  listen?: string;
  /** The address of a node without `/p2p/`. @default `resolveNodeAddress` (getaddrinfo) */
  resolveAddress?: (nodeId: number) => Promise<string>;
}

/**
 * Runs the node with `args` (the words after `node`); returns the exit code.
 *
 * @throws {InteropError} for bad flags or params.json, a bad hostname, a port in use, a peer that
 *   never answered, a failed publish
 */
export async function interopNodeCommand(
  args: string[],
  options: InteropNodeCommandOptions = {},
): Promise<number> {
  const flags = _parseFlags(args);
  if (flags.help) {
    console.log(NODE_USAGE);
    return 0;
  }
  const log = options.log ?? createNdjsonLogger();
  const diagnose = options.diagnose ?? ((line: string) => console.error(line));
  const paramsPath = flags.params;
  let text: string;
  try {
    text = await Deno.readTextFile(paramsPath);
  } catch (error) {
    throw new InteropError(
      `flag --params: cannot read ${paramsPath}: ${osReason(error)}`,
      { cause: error },
    );
  }
  const params = parseExperimentParams(text, paramsPath);
  const unknownWarning = describeUnknownFields(params, paramsPath);
  if (unknownWarning !== undefined) diagnose(unknownWarning);
  const nodeId = parseNodeIdFromHostname((options.hostname ?? Deno.hostname)());
  const selected = selectGossipSubParams(params.script, nodeId, paramsPath);
  for (const line of describeUnsettableParams(selected.given)) diagnose(line);
  const listen = options.listen ?? INTEROP_LISTEN_ADDR;
  let host: InteropHost;
  try {
    host = await createInteropHost(nodeId, {
      stack: flags.stack,
      settings: toGossipsubOptions(selected.params),
      listen,
      onWarning: diagnose,
      onMessageReceived: ({ from, topic, data }) => {
        const id = formatMessageId(data);
        if (id === undefined) {
          diagnose(`message from ${from} on ${topic} has ${data.length} bytes, no 8-byte id`);
          return;
        }
        log.info("Received Message", { service: "gossipsub", from, topic, id });
      },
    });
  } catch (error) {
    throw new InteropError(
      `node ${nodeId}: cannot start a host listening on ${listen}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const listeningAtMs = performance.now();
  try {
    log.info("PeerID", { id: host.peerId, node_id: nodeId });
    diagnose(
      `node ${nodeId}: peer id ${host.peerId}, listening on ${host.listenAddrs().join(" ")} (${
        INTEROP_STACK_DESCRIPTIONS[flags.stack]
      })`,
    );
    await runScript(params.script, {
      nodeId,
      host,
      log,
      diagnose,
      elapsedMs: options.elapsedMs ?? (() => performance.now() - listeningAtMs),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      connect: (nodeIds) =>
        connectToNodes(nodeIds, {
          selfNodeId: nodeId,
          dial: host.dial,
          resolveAddress: options.resolveAddress,
          onRetry: (target, attempt, error) =>
            diagnose(`connect to node${target}: attempt ${attempt} failed (${String(error)})`),
        }),
    });
    diagnose(`node ${nodeId}: script done, ${host.connectedPeerCount()} peers connected`);
  } finally {
    await _stopWithin(host, 2000, diagnose);
  }
  return 0;
}

/** Stops the host, giving up after `limitMs`: the process exits next anyway, as the Go node's. */
async function _stopWithin(
  host: InteropHost,
  limitMs: number,
  diagnose: (line: string) => void,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopped = host.stop().then(() => true, (error) => {
    diagnose(`stopping the host failed: ${String(error)}`);
    return true;
  });
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), limitMs);
  });
  if (!await Promise.race([stopped, late])) diagnose(`the host did not stop in ${limitMs} ms`);
  clearTimeout(timer);
}

function _parseFlags(args: string[]): { help: boolean; params: string; stack: InteropStack } {
  const { values } = parseFlags(args, "node", {
    toError: (message) => new InteropError(message),
    options: {
      params: { type: "string" },
      stack: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const stack = (values.stack ?? INTEROP_STACKS[0]) as InteropStack;
  if (!INTEROP_STACKS.includes(stack)) {
    throw new InteropError(
      `flag --stack: must be one of ${INTEROP_STACKS.join(", ")}, got ${values.stack}`,
    );
  }
  if (values.help === true) return { help: true, params: "", stack };
  if (values.params === undefined || values.params === "") {
    throw new InteropError("flag --params: required, the path of the experiment's params.json");
  }
  return { help: false, params: values.params, stack };
}
