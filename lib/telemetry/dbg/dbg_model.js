// @ts-check
/**
 * The viewer's model of a history journal: parsing, per-machine indexes and counter
 * checkpoints (dbg_query.js asks it questions: state at a cursor, filters, "next transition
 * touching a state"). Pure (no DOM, no I/O), so the page and the
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
    applyCounters(machine, counters, model.transitions[index]);
    if ((local + 1) % CHECKPOINT_EVERY === 0) machine.checkpoints.push(counters.slice());
  });
}

/**
 * Adds the activations of `transition` to `counters` (by index in `machine.states`): used to
 * build the checkpoints here, and to replay from one in dbg_query.js.
 * @param {MachineInfo} machine
 * @param {Int32Array} counters
 * @param {Transition} transition
 */
export function applyCounters(machine, counters, transition) {
  for (const path in transition.counters) {
    const at = machine.stateIndex.get(path);
    if (at !== undefined) counters[at] = transition.counters[path];
  }
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
