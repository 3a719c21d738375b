/**
 * Trace hooks of gossipsub (`@libp2p/gossipsub` 17, `@chainsafe/libp2p-gossipsub` 14, which share
 * these internals).
 *
 * @module
 */
import type { MessageRejectReason } from "./bench_host.ts";
import {
  countRpcEntries,
  type MessageLike,
  type RpcLike,
  type TraceEmit,
  wrapMethod,
} from "./_router_trace_support.ts";

/** Gossipsub's internals the hooks read; absent from its exported interface. */
interface GossipsubTraceInternals {
  streamsOutbound: Map<string, unknown>;
  publishedMessageIds: { put(msgIdStr: string): unknown };
  addEventListener(type: "gossipsub:message", listener: (event: CustomEvent) => void): void;
  removeEventListener(type: "gossipsub:message", listener: (event: CustomEvent) => void): void;
}

/** Gossipsub's validation outcome (`MessageStatus` and `RejectReason` in its source). */
interface ValidationResultLike {
  code: "duplicate" | "invalid" | "valid";
  msgIdStr?: string;
  reason?: string;
}

/** Wraps gossipsub's RPC and message paths; returns the function that unwraps them. */
export function installGossipsubTraceHooks(pubsub: object, emit: TraceEmit): () => void {
  const router = pubsub as unknown as GossipsubTraceInternals;
  const restores: Array<() => void> = [];
  restores.push(
    wrapMethod(
      pubsub,
      "gossipsub",
      "handleReceivedRpc",
      (original) =>
        function (this: unknown, from: { toString(): string }, rpc: RpcLike, ...rest: unknown[]) {
          emit({ type: "rpc-received", peerId: from.toString(), rpc: countRpcEntries(rpc) });
          return original.call(this, from, rpc, ...rest);
        },
    ),
  );
  restores.push(
    wrapMethod(
      pubsub,
      "gossipsub",
      "sendRpc",
      (original) =>
        function (this: unknown, id: string, rpc: RpcLike, ...rest: unknown[]) {
          const hadStream = router.streamsOutbound.has(id);
          const sent = original.call(this, id, rpc, ...rest);
          // Counted after the call: sendRpc piggybacks pending control and gossip onto `rpc`.
          const counts = countRpcEntries(rpc);
          emit(
            sent === true ? { type: "rpc-sent", peerId: id, rpc: counts } : {
              type: "rpc-dropped",
              peerId: id,
              rpc: counts,
              reason: hadStream ? "send-failed" : "no-stream",
            },
          );
          return sent;
        },
    ),
  );
  restores.push(
    wrapMethod(
      pubsub,
      "gossipsub",
      "sendRpcInBatch",
      (original) =>
        function (this: unknown, tosend: Set<string>, rpc: RpcLike, ...rest: unknown[]) {
          const targets = [...tosend].map((id) => ({
            id,
            hadStream: router.streamsOutbound.has(id),
          }));
          const result = original.call(this, tosend, rpc, ...rest);
          const counts = countRpcEntries(rpc);
          // sendRpcInBatch removes from `tosend` every peer it could not send to.
          for (const { id, hadStream } of targets) {
            emit(
              tosend.has(id) ? { type: "rpc-sent", peerId: id, rpc: counts } : {
                type: "rpc-dropped",
                peerId: id,
                rpc: counts,
                reason: hadStream ? "send-failed" : "no-stream",
              },
            );
          }
          return result;
        },
    ),
  );
  restores.push(
    wrapMethod(pubsub, "gossipsub", "validateReceivedMessage", (original) =>
      async function (
        this: unknown,
        from: { toString(): string },
        rpcMsg: MessageLike,
        ...rest: unknown[]
      ) {
        const result: ValidationResultLike = await original.call(this, from, rpcMsg, ...rest);
        if (result.code === "duplicate" && result.msgIdStr !== undefined) {
          emit({
            type: "duplicate",
            topic: rpcMsg.topic,
            messageId: result.msgIdStr,
            peerId: from.toString(),
          });
        } else if (result.code === "invalid") {
          emit({
            type: "reject",
            topic: rpcMsg.topic,
            ...(result.msgIdStr === undefined ? {} : { messageId: result.msgIdStr }),
            peerId: from.toString(),
            reason: _gossipsubRejectReason(result.reason),
          });
        }
        return result;
      }),
  );
  // publish() runs synchronously from selectPeersToPublish() to publishedMessageIds.put(), which
  // only publish() calls: the put names the message id of the topic selected just before.
  let publishTopic = "";
  restores.push(
    wrapMethod(
      pubsub,
      "gossipsub",
      "selectPeersToPublish",
      (original) =>
        function (this: unknown, topic: string, ...rest: unknown[]) {
          publishTopic = topic;
          return original.call(this, topic, ...rest);
        },
    ),
  );
  restores.push(
    wrapMethod(
      router.publishedMessageIds,
      "gossipsub",
      "put",
      (original) =>
        function (this: unknown, msgIdStr: string, ...rest: unknown[]) {
          emit({ type: "publish", topic: publishTopic, messageId: msgIdStr });
          return original.call(this, msgIdStr, ...rest);
        },
    ),
  );
  // gossipsub:message is dispatched exactly where `message` is: the delivery to this host.
  const onMessage = (event: CustomEvent): void => {
    const detail = event.detail as {
      propagationSource: { toString(): string };
      msgId: string;
      msg: MessageLike;
    };
    emit({
      type: "deliver",
      topic: detail.msg.topic,
      messageId: detail.msgId,
      peerId: detail.propagationSource.toString(),
    });
  };
  router.addEventListener("gossipsub:message", onMessage);
  restores.push(() => router.removeEventListener("gossipsub:message", onMessage));
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}

function _gossipsubRejectReason(reason: string | undefined): MessageRejectReason {
  switch (reason) {
    case "reject":
    case "ignore":
    case "blacklisted":
      return reason;
    default:
      return "invalid";
  }
}
