/**
 * Trace hooks of floodsub (`@libp2p/floodsub` 11, and 10 through `@libp2p/pubsub` 10).
 *
 * @module
 */
import {
  countRpcEntries,
  type MessageLike,
  type RpcLike,
  type TraceEmit,
  wrapMethod,
} from "./_router_trace_support.ts";

/** Floodsub's internals the hooks read (the same in 11 and, through `@libp2p/pubsub`, 10). */
interface FloodsubTraceInternals {
  peers: { get(peer: unknown): FloodsubPeerStreams | undefined };
  getMsgId(message: unknown): Uint8Array | Promise<Uint8Array>;
  addEventListener(type: "message", listener: (event: CustomEvent) => void): void;
  removeEventListener(type: "message", listener: (event: CustomEvent) => void): void;
}

/** Floodsub 10's PeerStreams has `isWritable`; 11's has `outboundPb` once it can write. */
interface FloodsubPeerStreams {
  isWritable?: boolean;
  outboundPb?: unknown;
  peerId?: { toString(): string };
}

/** What the hooks learned about a message object while it passed through the router. */
interface FloodsubMessageInfo {
  /** The peer it came from (this host for its own publish). */
  from: string;
  messageId: string | undefined;
  /** Set once validate() ran: the message was not a duplicate. */
  validated: boolean;
}

/** Wraps floodsub's RPC and message paths; returns the function that unwraps them. */
export function installFloodsubTraceHooks(
  pubsub: object,
  selfId: string,
  emit: TraceEmit,
): () => void {
  const router = pubsub as unknown as FloodsubTraceInternals;
  // Keyed by message object: floodsub hands the same object to processMessage(), validate() and
  // the `message` event, which itself carries neither the sender nor the id.
  const infos = new WeakMap<object, FloodsubMessageInfo>();
  const messageIdOf = async (message: unknown): Promise<string | undefined> => {
    try {
      // Floodsub keys its seen cache with the same encoding (uint8arrays' unpadded base64).
      return _base64NoPad(await router.getMsgId(message));
    } catch {
      return undefined;
    }
  };
  const restores: Array<() => void> = [];
  restores.push(wrapMethod(pubsub, "floodsub", "processRpc", (original) =>
    // Floodsub 11: processRpc(peerStreams, rpc); floodsub 10: processRpc(from, peerStreams, rpc).
    function (this: unknown, ...args: unknown[]) {
      const [peerId, rpc] = args.length >= 3
        ? [String(args[0]), args[2] as RpcLike]
        : [String((args[0] as FloodsubPeerStreams).peerId), args[1] as RpcLike];
      emit({ type: "rpc-received", peerId, rpc: countRpcEntries(rpc) });
      return original.apply(this, args);
    }));
  restores.push(
    wrapMethod(
      pubsub,
      "floodsub",
      "sendRpc",
      (original) =>
        function (this: unknown, peer: { toString(): string }, rpc: RpcLike, ...rest: unknown[]) {
          const streams = router.peers.get(peer);
          const writable = streams !== undefined &&
            (streams.isWritable ?? streams.outboundPb !== undefined);
          const result = original.call(this, peer, rpc, ...rest);
          const counts = countRpcEntries(rpc);
          emit(
            writable
              ? { type: "rpc-sent", peerId: peer.toString(), rpc: counts }
              : { type: "rpc-dropped", peerId: peer.toString(), rpc: counts, reason: "no-stream" },
          );
          return result;
        },
    ),
  );
  restores.push(
    wrapMethod(
      pubsub,
      "floodsub",
      "processMessage",
      (original) =>
        async function (this: unknown, from: { toString(): string }, message: MessageLike) {
          const info: FloodsubMessageInfo = {
            from: from.toString(),
            messageId: await messageIdOf(message),
            validated: false,
          };
          infos.set(message, info);
          await original.call(this, from, message);
          // Floodsub validates every message it has not seen; one it skipped was a duplicate.
          if (!info.validated && info.messageId !== undefined && info.from !== selfId) {
            emit({
              type: "duplicate",
              topic: message.topic,
              messageId: info.messageId,
              peerId: info.from,
            });
          }
        },
    ),
  );
  restores.push(
    wrapMethod(
      pubsub,
      "floodsub",
      "validate",
      (original) =>
        async function (this: unknown, from: { toString(): string }, message: MessageLike) {
          const info = infos.get(message);
          if (info !== undefined) {
            info.validated = true;
          }
          try {
            await original.call(this, from, message);
          } catch (error) {
            emit({
              type: "reject",
              topic: message.topic,
              ...(info?.messageId === undefined ? {} : { messageId: info.messageId }),
              peerId: from.toString(),
              reason: "invalid",
            });
            throw error;
          }
        },
    ),
  );
  // buildMessage() is called by publish() only, before it delivers to itself and sends.
  restores.push(
    wrapMethod(
      pubsub,
      "floodsub",
      "buildMessage",
      (original) =>
        async function (this: unknown, message: MessageLike, ...rest: unknown[]) {
          const built = await original.call(this, message, ...rest);
          const messageId = await messageIdOf(built);
          infos.set(built, { from: selfId, messageId, validated: true });
          if (messageId !== undefined) {
            emit({ type: "publish", topic: message.topic, messageId });
          }
          return built;
        },
    ),
  );
  const onMessage = (event: CustomEvent): void => {
    const message = event.detail as MessageLike;
    const info = infos.get(message);
    if (info?.messageId === undefined) return;
    emit({ type: "deliver", topic: message.topic, messageId: info.messageId, peerId: info.from });
  };
  router.addEventListener("message", onMessage);
  restores.push(() => router.removeEventListener("message", onMessage));
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}

function _base64NoPad(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "");
}
