// @ts-check
/**
 * The viewer's model of a history journal: parsing, per-machine indexes, counter checkpoints,
 * filters and "next transition touching a state". Pure (no DOM, no I/O), so the page and the
 * Deno tests use the same code. Plain JavaScript with JSDoc types: the page is served as is,
 * without a bundler.
 *
 * The page checks the fields it uses and skips lines that lack them; the reference schema of a
 * line is lib/telemetry/journal_record.ts.
 *
 * @module
 */

/** Transitions of a machine between two counter checkpoints. */
export const CHECKPOINT_EVERY = 256;

/**
 * @typedef {object} StateInfo
 * @property {string} path flat path, e.g. "peers.connected"
 * @property {string} name the last segment of the path
 * @property {number} depth 0 for a top-level state
 * @property {string} type atomic, compound, parallel, final or history
 */

/**
 * @typedef {object} Transition
 * @property {number} seq
 * @property {number} wallMs
 * @property {number} offsetMs
 * @property {string} machine
 * @property {string} machineKind
 * @property {string} [parent]
 * @property {string} event
 * @property {string} [args]
 * @property {string[]} before
 * @property {string[]} after
 * @property {Record<string, number>} counters
 * @property {boolean} accepted
 * @property {string} status
 * @property {string} [traceId]
 * @property {string} [spanId]
 * @property {number} m index of the machine in `model.machines`
 */

/**
 * @typedef {object} MachineInfo
 * @property {string} id
 * @property {string} kind
 * @property {string} [parent]
 * @property {StateInfo[]} states in document order
 * @property {Map<string, number>} stateIndex path -> index in `states`
 * @property {number[]} indexes global indexes of its transitions, ascending
 * @property {Int32Array[]} checkpoints `checkpoints[j]`: counters before local transition j * CHECKPOINT_EVERY
 */

/**
 * @typedef {object} JournalModel
 * @property {Record<string, unknown>} header
 * @property {Record<string, unknown> | undefined} end
 * @property {MachineInfo[]} machines in order of first appearance
 * @property {Map<string, number>} machineIndex id -> index in `machines`
 * @property {Transition[]} transitions in seq order
 * @property {{ line: number, reason: string }[]} skipped
 */

/**
 * @typedef {object} MachineState
 * @property {number} local position of its last transition at or before the cursor, -1 if none
 * @property {Set<string>} active active states, leaves and their ancestors
 * @property {Int32Array} counters activation counters, by index in `machine.states`
 * @property {string} status actor status ("" before its first transition)
 */

/**
 * Parses the text of a journal. Throws an Error when the first line is not a journal header;
 * other broken lines are skipped and listed in `skipped`.
 * @param {string} text
 * @returns {JournalModel}
 */
export function parseJournalText(text) {
  const lines = text.split("\n");
  let first = 0;
  while (first < lines.length && lines[first].trim() === "") first++;
  if (first === lines.length) throw new Error("the file is empty");
  /** @type {any} */
  let header;
  try {
    header = JSON.parse(lines[first]);
  } catch {
    throw new Error("line 1 is not JSON, so this is not a journal");
  }
  if (!_isObject(header) || header.record !== "header" || header.format !== "ps-am-journal") {
    throw new Error(
      'line 1 is not a journal header ({"record":"header","format":"ps-am-journal"})',
    );
  }
  /** @type {JournalModel} */
  const model = {
    header,
    end: undefined,
    machines: [],
    machineIndex: new Map(),
    transitions: [],
    skipped: [],
  };
  let lastSeq = 0;
  for (let i = first + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    /** @type {any} */
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      model.skipped.push({ line: i + 1, reason: "not JSON (cut off by a kill?)" });
      continue;
    }
    const problem = _take(model, value, lastSeq);
    if (problem !== undefined) model.skipped.push({ line: i + 1, reason: problem });
    else if (value.record === "transition") lastSeq = value.seq;
  }
  for (const machine of model.machines) _buildCheckpoints(model, machine);
  return model;
}

/**
 * @param {JournalModel} model
 * @param {any} value
 * @param {number} lastSeq
 * @returns {string | undefined} why the record was not taken
 */
function _take(model, value, lastSeq) {
  if (!_isObject(value)) return "not an object";
  switch (value.record) {
    case "machine": {
      if (typeof value.machine !== "string" || !Array.isArray(value.states)) {
        return "a machine record without machine or states";
      }
      const machine = _machine(model, value.machine, value.machineKind, value.parent);
      for (const state of value.states) {
        if (_isObject(state) && typeof state.path === "string") {
          _addState(machine, state.path, typeof state.type === "string" ? state.type : "atomic");
        }
      }
      return undefined;
    }
    case "transition": {
      const problem = _checkTransition(value);
      if (problem !== undefined) return problem;
      if (value.seq <= lastSeq) return `seq ${value.seq} does not follow seq ${lastSeq}`;
      const machine = _machine(model, value.machine, value.machineKind, value.parent);
      // A journal written past its bound may lack machine lines: learn states from transitions.
      for (const path of value.before) _addPath(machine, path);
      for (const path of value.after) _addPath(machine, path);
      for (const path in value.counters) _addPath(machine, path);
      value.m = /** @type {number} */ (model.machineIndex.get(machine.id));
      machine.indexes.push(model.transitions.length);
      model.transitions.push(/** @type {Transition} */ (value));
      return undefined;
    }
    case "end":
      model.end = value;
      return undefined;
    case "header":
      return "a second header";
    default:
      return `unknown record ${JSON.stringify(String(value.record)).slice(0, 40)}`;
  }
}

/**
 * @param {any} value
 * @returns {string | undefined}
 */
function _checkTransition(value) {
  if (!Number.isInteger(value.seq)) return "transition without an integer seq";
  if (typeof value.machine !== "string" || value.machine === "") {
    return "transition without machine";
  }
  if (typeof value.event !== "string") return "transition without event";
  if (!_isStringArray(value.before) || !_isStringArray(value.after)) {
    return "transition without before / after state lists";
  }
  if (!_isObject(value.counters)) return "transition without counters";
  for (const key in value.counters) {
    if (!Number.isInteger(value.counters[key])) return "transition with a counter not an integer";
  }
  if (typeof value.offsetMs !== "number") value.offsetMs = 0;
  if (typeof value.machineKind !== "string") value.machineKind = "";
  if (typeof value.status !== "string") value.status = "active";
  value.accepted = value.accepted === true;
  return undefined;
}

/**
 * @param {JournalModel} model
 * @param {string} id
 * @param {unknown} kind
 * @param {unknown} parent
 * @returns {MachineInfo}
 */
function _machine(model, id, kind, parent) {
  const index = model.machineIndex.get(id);
  if (index !== undefined) return model.machines[index];
  /** @type {MachineInfo} */
  const machine = {
    id,
    kind: typeof kind === "string" ? kind : "",
    parent: typeof parent === "string" ? parent : undefined,
    states: [],
    stateIndex: new Map(),
    indexes: [],
    checkpoints: [],
  };
  model.machineIndex.set(id, model.machines.length);
  model.machines.push(machine);
  return machine;
}

/**
 * Adds a state path and its ancestors, ancestors first.
 * @param {MachineInfo} machine
 * @param {string} path
 */
function _addPath(machine, path) {
  if (machine.stateIndex.has(path)) return;
  const dot = path.lastIndexOf(".");
  if (dot > 0) _addPath(machine, path.slice(0, dot));
  _addState(machine, path, "atomic");
}

/**
 * @param {MachineInfo} machine
 * @param {string} path
 * @param {string} type
 */
function _addState(machine, path, type) {
  const known = machine.stateIndex.get(path);
  if (known !== undefined) {
    machine.states[known].type = type;
    return;
  }
  const segments = path.split(".");
  let at = machine.states.length;
  // A state learnt late goes after its parent's last descendant, to keep the tree readable.
  const dot = path.lastIndexOf(".");
  if (dot > 0) {
    const parentAt = machine.stateIndex.get(path.slice(0, dot));
    if (parentAt !== undefined) {
      const prefix = `${path.slice(0, dot)}.`;
      at = parentAt + 1;
      while (at < machine.states.length && machine.states[at].path.startsWith(prefix)) at++;
    }
  }
  machine.states.splice(at, 0, {
    path,
    name: segments[segments.length - 1],
    depth: segments.length - 1,
    type,
  });
  if (at === machine.states.length - 1) machine.stateIndex.set(path, at);
  else machine.states.forEach((state, i) => machine.stateIndex.set(state.path, i));
}

/**
 * @param {JournalModel} model
 * @param {MachineInfo} machine
 */
function _buildCheckpoints(model, machine) {
  const counters = new Int32Array(machine.states.length);
  machine.checkpoints = [counters.slice()];
  machine.indexes.forEach((index, local) => {
    _applyCounters(machine, counters, model.transitions[index]);
    if ((local + 1) % CHECKPOINT_EVERY === 0) machine.checkpoints.push(counters.slice());
  });
}

/**
 * @param {MachineInfo} machine
 * @param {Int32Array} counters
 * @param {Transition} transition
 */
function _applyCounters(machine, counters, transition) {
  for (const path in transition.counters) {
    const at = machine.stateIndex.get(path);
    if (at !== undefined) counters[at] = transition.counters[path];
  }
}

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
    _applyCounters(machine, counters, model.transitions[machine.indexes[k]]);
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

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function _isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @returns {value is string[]}
 */
function _isStringArray(value) {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
