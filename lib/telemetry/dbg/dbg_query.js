// @ts-check
/**
 * Questions the viewer asks a parsed journal (dbg_model.js): a machine's state and counters at
 * the cursor, the transitions that pass the filters, the next or previous transition that
 * touches a state, and a transition's change in words. Pure, like the model: the page and the
 * Deno tests use the same code.
 *
 * @module
 */
import { applyCounters, CHECKPOINT_EVERY } from "./dbg_model.js";

/** @typedef {import("./dbg_model.js").JournalModel} JournalModel */
/** @typedef {import("./dbg_model.js").MachineInfo} MachineInfo */
/** @typedef {import("./dbg_model.js").Transition} Transition */

/**
 * @typedef {object} MachineState
 * @property {number} local position of its last transition at or before the cursor, -1 if none
 * @property {Set<string>} active active states, leaves and their ancestors
 * @property {Int32Array} counters activation counters, by index in `machine.states`
 * @property {string} status actor status ("" before its first transition)
 */

/**
 * The position in `machine.indexes` of its last transition at or before global index `cursor`,
 * or -1 when it has none yet. Binary search.
 * @param {MachineInfo} machine
 * @param {number} cursor
 * @returns {number}
 */
export function localPosition(machine, cursor) {
  let low = 0;
  let high = machine.indexes.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (machine.indexes[mid] <= cursor) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * A machine's state as of global transition index `cursor` (after that transition): at most
 * CHECKPOINT_EVERY transitions are replayed from the nearest checkpoint.
 * @param {JournalModel} model
 * @param {MachineInfo} machine
 * @param {number} cursor
 * @returns {MachineState}
 */
export function machineStateAt(model, machine, cursor) {
  const local = localPosition(machine, cursor);
  const checkpoint = Math.floor((local + 1) / CHECKPOINT_EVERY);
  const counters = new Int32Array(machine.states.length);
  counters.set(machine.checkpoints[checkpoint]);
  for (let k = checkpoint * CHECKPOINT_EVERY; k <= local; k++) {
    applyCounters(machine, counters, model.transitions[machine.indexes[k]]);
  }
  const active = new Set();
  let status = "";
  if (local >= 0) {
    const transition = model.transitions[machine.indexes[local]];
    status = transition.status;
    for (const leaf of transition.after) _addWithAncestors(active, leaf);
  }
  return { local, active, counters, status };
}

/**
 * @param {Set<string>} set
 * @param {string} path
 */
function _addWithAncestors(set, path) {
  for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
    set.add(path.slice(0, dot));
  }
  set.add(path);
}

/**
 * Whether the transition entered or left `state` (or a state below it).
 * @param {Transition} transition
 * @param {string} state
 * @returns {boolean}
 */
export function touchesState(transition, state) {
  const prefix = `${state}.`;
  for (const path in transition.counters) {
    if (path === state || path.startsWith(prefix)) return true;
  }
  const inside = (/** @type {string} */ leaf) => leaf === state || leaf.startsWith(prefix);
  const before = transition.before.filter(inside);
  const after = transition.after.filter(inside);
  return before.length !== after.length || before.some((leaf, i) => leaf !== after[i]);
}

/**
 * The global index of the machine's next (direction 1) or previous (-1) transition after / before
 * global index `cursor` that touches `state`, or -1 when there is none.
 * @param {JournalModel} model
 * @param {MachineInfo} machine
 * @param {string} state
 * @param {number} cursor
 * @param {1 | -1} direction
 * @returns {number}
 */
export function findTouching(model, machine, state, cursor, direction) {
  const local = localPosition(machine, cursor);
  const atCursor = local >= 0 && machine.indexes[local] === cursor;
  let k = direction === 1 ? local + 1 : (atCursor ? local - 1 : local);
  for (; k >= 0 && k < machine.indexes.length; k += direction) {
    const index = machine.indexes[k];
    if (touchesState(model.transitions[index], state)) return index;
  }
  return -1;
}

/**
 * @typedef {object} TransitionFilter
 * @property {string} [machine] machine ids containing this text (any case)
 * @property {string} [machineExact] exactly this machine id
 * @property {string} [event] event types containing this text (any case)
 * @property {string} [state] transitions touching a state whose path contains this text
 */

/**
 * The global indexes of the transitions that pass the filter, ascending; `undefined` when the
 * filter is empty (every transition passes).
 * @param {JournalModel} model
 * @param {TransitionFilter} filter
 * @returns {Int32Array | undefined}
 */
export function filterTransitions(model, filter) {
  const machineText = (filter.machine ?? "").trim().toLowerCase();
  const eventText = (filter.event ?? "").trim().toLowerCase();
  const stateText = (filter.state ?? "").trim();
  const exact = filter.machineExact;
  if (!machineText && !eventText && !stateText && exact === undefined) return undefined;
  const machineOk = model.machines.map((machine) =>
    (exact === undefined || machine.id === exact) &&
    (!machineText || machine.id.toLowerCase().includes(machineText))
  );
  /** @type {Map<string, boolean>} */
  const eventOk = new Map();
  const out = new Int32Array(model.transitions.length);
  let n = 0;
  model.transitions.forEach((transition, index) => {
    if (!machineOk[transition.m]) return;
    if (eventText) {
      let ok = eventOk.get(transition.event);
      if (ok === undefined) {
        ok = transition.event.toLowerCase().includes(eventText);
        eventOk.set(transition.event, ok);
      }
      if (!ok) return;
    }
    if (stateText && !_touchesStateText(transition, stateText)) return;
    out[n++] = index;
  });
  return out.slice(0, n);
}

/**
 * @param {Transition} transition
 * @param {string} text
 * @returns {boolean}
 */
function _touchesStateText(transition, text) {
  for (const path in transition.counters) if (path.includes(text)) return true;
  const before = transition.before;
  const after = transition.after;
  for (const leaf of before) if (leaf.includes(text) && !after.includes(leaf)) return true;
  for (const leaf of after) if (leaf.includes(text) && !before.includes(leaf)) return true;
  return false;
}

/**
 * The states a transition left and entered, for a one-line summary: "a.x → a.y".
 * @param {Transition} transition
 * @returns {string}
 */
export function describeChange(transition) {
  const left = transition.before.filter((leaf) => !transition.after.includes(leaf));
  const entered = transition.after.filter((leaf) => !transition.before.includes(leaf));
  const reentered = Object.keys(transition.counters).filter((path) =>
    transition.before.includes(path) && transition.after.includes(path)
  );
  if (left.length === 0 && entered.length === 0) {
    if (reentered.length > 0) return `↻ ${reentered.join(", ")}`;
    return transition.status === "active" ? "" : `(${transition.status})`;
  }
  return `${left.join(", ") || "∅"} → ${entered.join(", ") || "∅"}`;
}
