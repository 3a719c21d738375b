/**
 * The experiment's `gossipSubParams`: go-libp2p-pubsub's `GossipSubParams` as JSON (Go field
 * names, durations in nanoseconds), validated, completed with Go's defaults (as the Go node does)
 * and mapped onto the options of `@libp2p/gossipsub` 17 where it has one.
 *
 * @module
 */
import { z } from "zod";
import { interopErrorFromZod, locateUnder } from "./_zod_issue.ts";
import { InteropError } from "./interop_error.ts";

/** go-libp2p-pubsub's `GossipSubParams`; durations are nanoseconds, as in its JSON. */
export interface GossipSubParams {
  D: number;
  Dlo: number;
  Dhi: number;
  Dscore: number;
  Dout: number;
  HistoryLength: number;
  HistoryGossip: number;
  Dlazy: number;
  GossipFactor: number;
  GossipRetransmission: number;
  HeartbeatInitialDelay: number;
  HeartbeatInterval: number;
  SlowHeartbeatWarning: number;
  FanoutTTL: number;
  PrunePeers: number;
  PruneBackoff: number;
  UnsubscribeBackoff: number;
  Connectors: number;
  MaxPendingConnections: number;
  ConnectionTimeout: number;
  DirectConnectTicks: number;
  DirectConnectInitialDelay: number;
  OpportunisticGraftTicks: number;
  OpportunisticGraftPeers: number;
  GraftFloodThreshold: number;
  MaxIHaveLength: number;
  MaxIHaveMessages: number;
  MaxIDontWantLength: number;
  MaxIDontWantMessages: number;
  IWantFollowupTime: number;
  IDontWantMessageThreshold: number;
  IDontWantMessageTTL: number;
}

const SECOND_NS = 1_000_000_000;

/**
 * go-libp2p-pubsub's `DefaultGossipSubParams()`. The Go node starts from these and overrides
 * what params.json sets; so does this node, so that an unset field means the same on both.
 */
export const GO_DEFAULT_GOSSIPSUB_PARAMS: Readonly<GossipSubParams> = Object.freeze({
  D: 6,
  Dlo: 5,
  Dhi: 12,
  Dscore: 4,
  Dout: 2,
  HistoryLength: 5,
  HistoryGossip: 3,
  Dlazy: 6,
  GossipFactor: 0.25,
  GossipRetransmission: 3,
  HeartbeatInitialDelay: 0.1 * SECOND_NS,
  HeartbeatInterval: SECOND_NS,
  SlowHeartbeatWarning: 0.1,
  FanoutTTL: 60 * SECOND_NS,
  PrunePeers: 16,
  PruneBackoff: 60 * SECOND_NS,
  UnsubscribeBackoff: 10 * SECOND_NS,
  Connectors: 8,
  MaxPendingConnections: 128,
  ConnectionTimeout: 30 * SECOND_NS,
  DirectConnectTicks: 300,
  DirectConnectInitialDelay: SECOND_NS,
  OpportunisticGraftTicks: 60,
  OpportunisticGraftPeers: 2,
  GraftFloodThreshold: 10 * SECOND_NS,
  MaxIHaveLength: 5000,
  MaxIHaveMessages: 10,
  MaxIDontWantLength: 10,
  MaxIDontWantMessages: 1000,
  IWantFollowupTime: 3 * SECOND_NS,
  IDontWantMessageThreshold: 1024,
  IDontWantMessageTTL: 3,
});

/**
 * What a field accepts: `count` an integer >= 0, `ticks` an integer >= 1, `fraction` a number in
 * [0, 1], `number` a number >= 0, `duration` nanoseconds >= 0 (integer or not: the Rust node
 * reads them as floats too), `interval` nanoseconds > 0.
 */
type ParamKind = "count" | "ticks" | "fraction" | "number" | "duration" | "interval";

const PARAM_KINDS: Readonly<Record<keyof GossipSubParams, ParamKind>> = {
  D: "count",
  Dlo: "count",
  Dhi: "count",
  Dscore: "count",
  Dout: "count",
  HistoryLength: "ticks",
  HistoryGossip: "count",
  Dlazy: "count",
  GossipFactor: "fraction",
  GossipRetransmission: "count",
  HeartbeatInitialDelay: "duration",
  HeartbeatInterval: "interval",
  SlowHeartbeatWarning: "number",
  FanoutTTL: "duration",
  PrunePeers: "count",
  PruneBackoff: "duration",
  UnsubscribeBackoff: "duration",
  Connectors: "count",
  MaxPendingConnections: "count",
  ConnectionTimeout: "duration",
  DirectConnectTicks: "ticks",
  DirectConnectInitialDelay: "duration",
  OpportunisticGraftTicks: "ticks",
  OpportunisticGraftPeers: "count",
  GraftFloodThreshold: "duration",
  MaxIHaveLength: "count",
  MaxIHaveMessages: "count",
  MaxIDontWantLength: "count",
  MaxIDontWantMessages: "count",
  IWantFollowupTime: "duration",
  IDontWantMessageThreshold: "count",
  IDontWantMessageTTL: "count",
};

const KIND_RULES: Readonly<Record<ParamKind, string>> = {
  count: "an integer >= 0",
  ticks: "an integer >= 1",
  fraction: "a number in [0, 1]",
  number: "a number >= 0",
  duration: "a duration in nanoseconds >= 0",
  interval: "a duration in nanoseconds > 0",
};

/**
 * Parameters `@libp2p/gossipsub` 17 has no option for, and what it does instead. params.json may
 * set them; a value other than Go's default is reported by {@linkcode describeUnsettableParams}.
 */
export const UNSETTABLE_GOSSIPSUB_PARAMS: Readonly<
  Partial<Record<keyof GossipSubParams, string>>
> = {
  GossipRetransmission: "fixed at 3 (Go's default)",
  SlowHeartbeatWarning: "no equivalent (no slow-heartbeat warning)",
  Connectors: "no equivalent (PX is off, as in the Go node; no PX connector pool)",
  MaxPendingConnections: "no equivalent (PX is off, as in the Go node; no PX connector pool)",
  ConnectionTimeout: "no equivalent (PX is off, as in the Go node; no PX connector pool)",
  DirectConnectInitialDelay: "fixed at 1 s (Go's default; the experiment has no direct peers)",
  MaxIHaveLength: "fixed at 5000 (Go's default)",
  MaxIHaveMessages: "fixed at 10 (Go's default)",
  IDontWantMessageTTL: "no separate TTL: IDONTWANTs are kept for HistoryLength heartbeats",
};

/** What {@linkcode toGossipsubOptions} returns. */
export interface InteropGossipsubSettings {
  /** Options for `gossipsub(...)`, named as `@libp2p/gossipsub` 17 names them (milliseconds). */
  options: {
    D: number;
    Dlo: number;
    Dhi: number;
    Dscore: number;
    Dout: number;
    Dlazy: number;
    mcacheLength: number;
    mcacheGossip: number;
    gossipFactor: number;
    heartbeatInterval: number;
    fanoutTTL: number;
    prunePeers: number;
    pruneBackoff: number;
    unsubcribeBackoff: number;
    directConnectTicks: number;
    opportunisticGraftTicks: number;
    opportunisticGraftPeers: number;
    graftFloodThreshold: number;
    gossipsubIWantFollowupMs: number;
    idontwantMinDataSize: number;
    idontwantMaxMessages: number;
  };
  /**
   * `HeartbeatInitialDelay` in milliseconds. `@libp2p/gossipsub` fixes its first heartbeat at
   * 100 ms after start; the host reschedules it to this delay (see `interop_host.ts`).
   */
  heartbeatInitialDelayMs: number;
}

/**
 * The zod schema of a `gossipSubParams` object: every Go field optional, each of its kind. Other
 * fields are dropped (as Go's `json.Unmarshal` drops them); {@linkcode unknownGossipSubFields}
 * names them.
 */
export const GOSSIPSUB_PARAMS_SCHEMA: z.ZodType<Partial<GossipSubParams>> = z.object(
  Object.fromEntries(
    Object.entries(PARAM_KINDS).map(([name, kind]) => [name, _kindSchema(kind).optional()]),
  ),
  { error: "must be an object" },
) as unknown as z.ZodType<Partial<GossipSubParams>>;

/** The fields of a `gossipSubParams` object that are not go-libp2p-pubsub's (sorted as given). */
export function unknownGossipSubFields(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.keys(value).filter((key) => !Object.hasOwn(PARAM_KINDS, key));
}

/** Options of {@linkcode validateGossipSubParams}. */
export interface ValidateGossipSubParamsOptions {
  /** Called with each field that is not go-libp2p-pubsub's; it is ignored. @default nothing */
  onUnknownField?: (name: string) => void;
}

/**
 * Validates a `gossipSubParams` object: Go's field names, each of the right kind; other fields
 * are ignored, as the Go node ignores them, and reported to `onUnknownField`. Returns the fields
 * it sets (a new object); {@linkcode resolveGossipSubParams} completes them.
 *
 * @param where names the object in error messages, e.g. `params.json: script[0].gossipSubParams`
 * @throws {InteropError} naming the field, the rule and the value
 */
export function validateGossipSubParams(
  value: unknown,
  where: string,
  options: ValidateGossipSubParamsOptions = {},
): Partial<GossipSubParams> {
  const result = GOSSIPSUB_PARAMS_SCHEMA.safeParse(value);
  if (!result.success) throw interopErrorFromZod(result.error, value, locateUnder(where));
  for (const name of unknownGossipSubFields(value)) options.onUnknownField?.(name);
  return _withoutUndefined(result.data);
}

/**
 * Go's defaults overridden by `given`, checked as go-libp2p-pubsub checks them
 * (`GossipSubParams.validate`): HistoryGossip <= HistoryLength, Dscore <= Dhi, and unless D, Dlo,
 * Dhi and Dout are all 0, Dlo <= D <= Dhi and Dout < min(Dlo, floor(D / 2)).
 *
 * @throws {InteropError} naming `where`, the rule and the values
 */
export function resolveGossipSubParams(
  given: Partial<GossipSubParams>,
  where: string,
): GossipSubParams {
  const p: GossipSubParams = { ...GO_DEFAULT_GOSSIPSUB_PARAMS, ...given };
  const fail = (rule: string): never => {
    throw new InteropError(`${where}: ${rule} (after Go's defaults for unset fields)`);
  };
  if (p.HistoryGossip > p.HistoryLength) {
    fail(`HistoryGossip must be <= HistoryLength, got ${p.HistoryGossip} > ${p.HistoryLength}`);
  }
  if (p.Dscore > p.Dhi) fail(`Dscore must be <= Dhi, got ${p.Dscore} > ${p.Dhi}`);
  if (p.D === 0 && p.Dlo === 0 && p.Dhi === 0 && p.Dout === 0) return p;
  if (!(p.Dlo <= p.D && p.D <= p.Dhi)) {
    fail(`D must be in [Dlo, Dhi], got D ${p.D}, Dlo ${p.Dlo}, Dhi ${p.Dhi}`);
  }
  if (!(p.Dout < p.Dlo && p.Dout < Math.floor(p.D / 2))) {
    fail(
      `Dout must be < Dlo and < floor(D / 2), got Dout ${p.Dout}, Dlo ${p.Dlo}, D ${p.D}`,
    );
  }
  return p;
}

/**
 * Maps resolved Go parameters onto `@libp2p/gossipsub` 17 options (nanoseconds to milliseconds).
 *
 * `MaxIDontWantMessages` (IDONTWANT messages a peer may send per heartbeat) times
 * `MaxIDontWantLength` (ids per message) becomes `idontwantMaxMessages`, which bounds the ids a
 * peer may send per heartbeat: the same bound, counted once. The parameters in
 * {@linkcode UNSETTABLE_GOSSIPSUB_PARAMS} have no option.
 *
 * @example
 * ```ts
 * import { GO_DEFAULT_GOSSIPSUB_PARAMS, toGossipsubOptions } from "./gossipsub_params.ts";
 *
 * const { options } = toGossipsubOptions({ ...GO_DEFAULT_GOSSIPSUB_PARAMS, HeartbeatInterval: 7e8 });
 * console.assert(options.heartbeatInterval === 700);
 * ```
 */
export function toGossipsubOptions(params: GossipSubParams): InteropGossipsubSettings {
  return {
    options: {
      D: params.D,
      Dlo: params.Dlo,
      Dhi: params.Dhi,
      Dscore: params.Dscore,
      Dout: params.Dout,
      Dlazy: params.Dlazy,
      mcacheLength: params.HistoryLength,
      mcacheGossip: params.HistoryGossip,
      gossipFactor: params.GossipFactor,
      heartbeatInterval: _nsToMs(params.HeartbeatInterval),
      fanoutTTL: _nsToMs(params.FanoutTTL),
      prunePeers: params.PrunePeers,
      pruneBackoff: _nsToMs(params.PruneBackoff),
      // sic: the option is spelt so in @libp2p/gossipsub 17.
      unsubcribeBackoff: _nsToMs(params.UnsubscribeBackoff),
      directConnectTicks: params.DirectConnectTicks,
      opportunisticGraftTicks: params.OpportunisticGraftTicks,
      opportunisticGraftPeers: params.OpportunisticGraftPeers,
      graftFloodThreshold: _nsToMs(params.GraftFloodThreshold),
      gossipsubIWantFollowupMs: _nsToMs(params.IWantFollowupTime),
      idontwantMinDataSize: params.IDontWantMessageThreshold,
      idontwantMaxMessages: params.MaxIDontWantMessages * params.MaxIDontWantLength,
    },
    heartbeatInitialDelayMs: _nsToMs(params.HeartbeatInitialDelay),
  };
}

/**
 * One line per parameter that `given` sets to something other than Go's default although
 * `@libp2p/gossipsub` 17 cannot take it, saying what the node does instead (for stderr).
 */
export function describeUnsettableParams(given: Partial<GossipSubParams>): string[] {
  const lines: string[] = [];
  for (const [name, instead] of Object.entries(UNSETTABLE_GOSSIPSUB_PARAMS)) {
    const value = given[name as keyof GossipSubParams];
    if (value === undefined) continue;
    if (value === GO_DEFAULT_GOSSIPSUB_PARAMS[name as keyof GossipSubParams]) continue;
    lines.push(
      `gossipSubParams.${name} = ${value} cannot be set in @libp2p/gossipsub 17: ${instead}`,
    );
  }
  return lines;
}

function _nsToMs(ns: number): number {
  return ns / 1_000_000;
}

function _kindSchema(kind: ParamKind): z.ZodType<number> {
  const error = `must be ${KIND_RULES[kind]}`;
  switch (kind) {
    case "count":
      return z.int({ error }).min(0, { error });
    case "ticks":
      return z.int({ error }).min(1, { error });
    case "fraction":
      return z.number({ error }).min(0, { error }).max(1, { error });
    case "number":
    case "duration":
      return z.number({ error }).min(0, { error });
    case "interval":
      return z.number({ error }).gt(0, { error });
  }
}

/** zod keeps an optional key that was absent as absent; this also drops explicit `undefined`s. */
function _withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as T;
}
