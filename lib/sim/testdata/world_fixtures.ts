// Test fixtures: the default limits and small hand-built worlds of the world model's tests.
import { ok as assert } from "node:assert/strict";
import { DEFAULT_SIM_CONFIG, type SIM_ACTIONS, type SimConfig } from "../sim_config.ts";
import {
  applyWorldEvent,
  canApplyChange,
  createWorld,
  type World,
  type WorldChange,
  type WorldEvent,
  type WorldLimits,
  worldLimitsOf,
} from "../world.ts";
import { planAction, type WorldRandom } from "../world_plan.ts";

/** The world limits of the default sim config. */
export const LIMITS: WorldLimits = worldLimitsOf(
  { ...DEFAULT_SIM_CONFIG, source: { file: "" } } as SimConfig,
);

/** A random source that always picks the first candidate. */
export const FIRST: WorldRandom = { int: (min) => min };

/** `world` after each of `events` in turn. */
export function apply(world: World, ...events: WorldEvent[]): World {
  return events.reduce(applyWorldEvent, world);
}

/** A world of `count` ready peers (peer-0 ...), no topics. */
export function peersWorld(count: number, limits: Partial<WorldLimits> = {}): World {
  let world = createWorld({ ...LIMITS, ...limits });
  for (let i = 0; i < count; i++) {
    world = apply(
      world,
      { type: "ADD_PEER", atMs: 0, peerId: `peer-${i}` },
      { type: "PEER_READY", atMs: 0, peerId: `peer-${i}` },
    );
  }
  return world;
}

/** Adds topic `name` whose members all completed their join at `atMs`. */
export function withTopic(world: World, name: string, members: string[], atMs = 0): World {
  let next = apply(world, { type: "ADD_TOPIC", atMs, topic: name, members });
  for (const peerId of members) {
    next = apply(next, { type: "TOPIC_JOINED", atMs, peerId, topic: name });
  }
  return next;
}

/** What `action` plans on `world` with {@linkcode FIRST}, checked to be applicable. */
export function plan(
  world: World,
  action: typeof SIM_ACTIONS[number],
  atMs = 0,
): WorldChange | undefined {
  const change = planAction(world, action, FIRST, atMs);
  if (change !== undefined) {
    assert(canApplyChange(world, change), `${action} planned an invalid change`);
  }
  return change;
}
