/**
 * State-node arithmetic for the journal: flat paths, active leaves, and which states a microstep
 * entered, computed with xstate's own rule (a transition exits and re-enters every active state
 * below its domain) so that a `reenter: true` self-transition counts as an activation.
 *
 * @module
 */
import type { AnyStateNode, AnyTransitionDefinition } from "xstate";
import type { JournalStateNode, JournalStateType } from "./journal_record.ts";

const _paths = new WeakMap<AnyStateNode, string>();

/** The node's flat path, e.g. "peers.connected"; "" for the root. Cached per node. */
export function statePath(node: AnyStateNode): string {
  let path = _paths.get(node);
  if (path === undefined) {
    path = node.path.join(".");
    _paths.set(node, path);
  }
  return path;
}

const _leaves = new WeakMap<readonly AnyStateNode[], readonly string[]>();

/**
 * The active atomic and final states of a configuration, as flat paths in document order.
 * Cached per configuration array: xstate keeps the same array while the configuration stays.
 */
export function activeLeaves(nodes: readonly AnyStateNode[]): readonly string[] {
  let leaves = _leaves.get(nodes);
  if (leaves === undefined) {
    leaves = _computeLeaves(nodes);
    _leaves.set(nodes, leaves);
  }
  return leaves;
}

function _computeLeaves(nodes: readonly AnyStateNode[]): readonly string[] {
  const leaves: AnyStateNode[] = [];
  for (const node of nodes) {
    // A machine without states has an atomic root; it is no state of its own.
    if ((node.type === "atomic" || node.type === "final") && node.parent !== undefined) {
      leaves.push(node);
    }
  }
  // xstate keeps a configuration in the order its states were entered; readers want the
  // machine's own order, which stays the same from one transition to the next.
  return _inDocumentOrder(leaves).map(statePath);
}

/** Every state node under `root`, depth first in document order (the root itself excluded). */
export function listStates(root: AnyStateNode): JournalStateNode[] {
  const states: JournalStateNode[] = [];
  const visit = (node: AnyStateNode): void => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      states.push({ path: statePath(child), type: child.type as JournalStateType });
      visit(child);
    }
  };
  visit(root);
  return states;
}

/**
 * The states (never the root) that a microstep taking `transitions` from configuration `before`
 * to configuration `after` entered, in document order: every state of `after` that is new, or
 * that lies below the domain of a transition with targets (xstate exits and re-enters those).
 */
export function enteredStates(
  transitions: readonly AnyTransitionDefinition[],
  before: ReadonlySet<AnyStateNode>,
  after: readonly AnyStateNode[],
): AnyStateNode[] {
  // `null` stands for "no domain": a reentering root transition re-enters everything.
  const domains: Array<AnyStateNode | null> = [];
  for (const transition of transitions) {
    if (transition.target?.length) domains.push(_domain(transition));
  }
  if (domains.length === 0) return [];
  const entered: AnyStateNode[] = [];
  for (const node of after) {
    if (node.parent === undefined) continue;
    if (
      !before.has(node) || domains.some((domain) => domain === null || _isBelow(node, domain))
    ) {
      entered.push(node);
    }
  }
  return _inDocumentOrder(entered);
}

function _inDocumentOrder(nodes: AnyStateNode[]): AnyStateNode[] {
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i - 1].order > nodes[i].order) return nodes.sort((a, b) => a.order - b.order);
  }
  return nodes;
}

/** xstate 5's getTransitionDomain, with a history target standing for its parent state. */
function _domain(transition: AnyTransitionDefinition): AnyStateNode | null {
  const source = transition.source;
  const targets = (transition.target ?? []).map((target) =>
    target.type === "history" && target.parent ? target.parent : target
  );
  if (
    !transition.reenter &&
    targets.every((target) => target === source || _isBelow(target, source))
  ) {
    return source;
  }
  const [head, ...rest] = [...targets, source];
  for (let ancestor = head.parent; ancestor !== undefined; ancestor = ancestor.parent) {
    const candidate = ancestor;
    if (rest.every((node) => _isBelow(node, candidate))) return candidate;
  }
  return transition.reenter ? null : source.machine.root;
}

/** Whether `node` is a proper descendant of `ancestor`. */
function _isBelow(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (parent === ancestor) return true;
  }
  return false;
}
