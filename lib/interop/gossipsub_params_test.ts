// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  describeUnsettableParams,
  GO_DEFAULT_GOSSIPSUB_PARAMS,
  resolveGossipSubParams,
  toGossipsubOptions,
  validateGossipSubParams,
} from "./gossipsub_params.ts";
import { InteropError } from "./interop_error.ts";

const WHERE = "params.json: script[0].gossipSubParams";

function throwsInterop(fn: () => unknown, message: string): void {
  throws(fn, (error: unknown) => {
    assertEquals(error instanceof InteropError, true);
    assertEquals((error as Error).message, message);
    return true;
  });
}

Deno.test("validateGossipSubParams accepts every Go field and returns only those given", () => {
  assertEquals(validateGossipSubParams({ ...GO_DEFAULT_GOSSIPSUB_PARAMS }, WHERE), {
    ...GO_DEFAULT_GOSSIPSUB_PARAMS,
  });
  assertEquals(validateGossipSubParams({ D: 8, HeartbeatInterval: 7e8 }, WHERE), {
    D: 8,
    HeartbeatInterval: 7e8,
  });
  assertEquals(validateGossipSubParams({}, WHERE), {});
});

Deno.test("validateGossipSubParams takes durations as integer or float nanoseconds", () => {
  // The Rust node reads durations as f64; a float-typed pydantic field may dump 100100000.0.
  assertEquals(validateGossipSubParams({ HeartbeatInitialDelay: 100100000.5 }, WHERE), {
    HeartbeatInitialDelay: 100100000.5,
  });
});

Deno.test("validateGossipSubParams ignores an unknown field and reports it", () => {
  const unknown: string[] = [];
  const given = validateGossipSubParams({ Heartbeat: 1, D: 7 }, WHERE, {
    onUnknownField: (name) => unknown.push(name),
  });
  assertEquals(given, { D: 7 });
  assertEquals(unknown, ["Heartbeat"]);
});

Deno.test("validateGossipSubParams refuses a value of the wrong kind with the rule", () => {
  throwsInterop(
    () => validateGossipSubParams({ D: -1 }, WHERE),
    `${WHERE}.D: must be an integer >= 0, got -1`,
  );
  throwsInterop(
    () => validateGossipSubParams({ Dlo: 2.5 }, WHERE),
    `${WHERE}.Dlo: must be an integer >= 0, got 2.5`,
  );
  throwsInterop(
    () => validateGossipSubParams({ GossipFactor: 1.5 }, WHERE),
    `${WHERE}.GossipFactor: must be a number in [0, 1], got 1.5`,
  );
  throwsInterop(
    () => validateGossipSubParams({ HeartbeatInterval: 0 }, WHERE),
    `${WHERE}.HeartbeatInterval: must be a duration in nanoseconds > 0, got 0`,
  );
  throwsInterop(
    () => validateGossipSubParams({ FanoutTTL: "60s" }, WHERE),
    `${WHERE}.FanoutTTL: must be a duration in nanoseconds >= 0, got "60s"`,
  );
  throwsInterop(
    () => validateGossipSubParams({ OpportunisticGraftTicks: 0 }, WHERE),
    `${WHERE}.OpportunisticGraftTicks: must be an integer >= 1, got 0`,
  );
  throwsInterop(() => validateGossipSubParams([], WHERE), `${WHERE}: must be an object, got []`);
});

Deno.test("resolveGossipSubParams fills unset fields with go-libp2p-pubsub's defaults", () => {
  assertEquals(resolveGossipSubParams({}, WHERE), { ...GO_DEFAULT_GOSSIPSUB_PARAMS });
  assertEquals(resolveGossipSubParams({ D: 8, Dhi: 16 }, WHERE).Dlo, 5);
});

Deno.test("resolveGossipSubParams applies go-libp2p-pubsub's validate() rules", () => {
  const tail = "(after Go's defaults for unset fields)";
  throwsInterop(
    () => resolveGossipSubParams({ D: 13 }, WHERE),
    `${WHERE}: D must be in [Dlo, Dhi], got D 13, Dlo 5, Dhi 12 ${tail}`,
  );
  throwsInterop(
    () => resolveGossipSubParams({ Dout: 3 }, WHERE),
    `${WHERE}: Dout must be < Dlo and < floor(D / 2), got Dout 3, Dlo 5, D 6 ${tail}`,
  );
  throwsInterop(
    () => resolveGossipSubParams({ HistoryGossip: 6 }, WHERE),
    `${WHERE}: HistoryGossip must be <= HistoryLength, got 6 > 5 ${tail}`,
  );
  throwsInterop(
    () => resolveGossipSubParams({ Dscore: 13 }, WHERE),
    `${WHERE}: Dscore must be <= Dhi, got 13 > 12 ${tail}`,
  );
});

Deno.test("resolveGossipSubParams accepts a bootstrapper's all-zero degrees", () => {
  const params = resolveGossipSubParams({ D: 0, Dlo: 0, Dhi: 0, Dout: 0, Dscore: 0 }, WHERE);
  assertEquals([params.D, params.Dlo, params.Dhi, params.Dout], [0, 0, 0, 0]);
});

Deno.test("toGossipsubOptions maps Go's defaults onto @libp2p/gossipsub options in ms", () => {
  assertEquals(toGossipsubOptions(GO_DEFAULT_GOSSIPSUB_PARAMS), {
    options: {
      D: 6,
      Dlo: 5,
      Dhi: 12,
      Dscore: 4,
      Dout: 2,
      Dlazy: 6,
      mcacheLength: 5,
      mcacheGossip: 3,
      gossipFactor: 0.25,
      heartbeatInterval: 1000,
      fanoutTTL: 60_000,
      prunePeers: 16,
      pruneBackoff: 60_000,
      unsubcribeBackoff: 10_000,
      directConnectTicks: 300,
      opportunisticGraftTicks: 60,
      opportunisticGraftPeers: 2,
      graftFloodThreshold: 10_000,
      gossipsubIWantFollowupMs: 3000,
      idontwantMinDataSize: 1024,
      idontwantMaxMessages: 10_000,
    },
    heartbeatInitialDelayMs: 100,
  });
});

Deno.test("toGossipsubOptions converts the experiment's spread initial delays exactly", () => {
  const settings = toGossipsubOptions({
    ...GO_DEFAULT_GOSSIPSUB_PARAMS,
    HeartbeatInitialDelay: 100_100_000,
    HeartbeatInterval: 700_000_000,
    Dlazy: 0,
    GossipFactor: 0,
  });
  assertEquals(settings.heartbeatInitialDelayMs, 100.1);
  assertEquals(settings.options.heartbeatInterval, 700);
  assertEquals([settings.options.Dlazy, settings.options.gossipFactor], [0, 0]);
});

Deno.test("describeUnsettableParams reports only unsettable fields set off Go's default", () => {
  assertEquals(describeUnsettableParams({ D: 8, MaxIHaveLength: 5000 }), []);
  assertEquals(describeUnsettableParams({ GossipRetransmission: 5, IDontWantMessageTTL: 4 }), [
    "gossipSubParams.GossipRetransmission = 5 cannot be set in @libp2p/gossipsub 17: " +
    "fixed at 3 (Go's default)",
    "gossipSubParams.IDontWantMessageTTL = 4 cannot be set in @libp2p/gossipsub 17: " +
    "no separate TTL: IDONTWANTs are kept for HistoryLength heartbeats",
  ]);
});
