// @ts-check
/// <reference lib="dom" />
/**
 * The viewer page's two side panels at the cursor (dbg_page.js draws them on every move): the
 * selected machine's state tree and the current transition's fields. Journal text goes in
 * through textContent or a data attribute only.
 *
 * @module
 */
import { $, cursor, el, view } from "./dbg_view.js";
import { machineStateAt } from "./dbg_query.js";

/** Draws the selected machine's state tree as it is at the cursor, with its entry counters. */
export function renderTree() {
  const model = view.model;
  const tree = $("tree");
  tree.replaceChildren();
  if (model === undefined || view.machine < 0) {
    $("machine-title").textContent = "No machine selected";
    $("machine-status").textContent = "";
    return;
  }
  const machine = model.machines[view.machine];
  const at = cursor();
  const state = machineStateAt(model, machine, at);
  const current = at >= 0 ? model.transitions[at] : undefined;
  const entered = current !== undefined && current.machine === machine.id
    ? current.counters
    : undefined;
  $("machine-title").textContent = machine.id;
  $("machine-status").textContent = `${machine.kind} · ${
    state.local < 0
      ? "not started yet at this point"
      : `${state.status} · transition ${state.local + 1} of ${machine.indexes.length}`
  }${machine.parent ? ` · child of ${machine.parent}` : ""}`;
  $("selected-state").textContent = view.state === "" ? "select a state below" : view.state;
  const fragment = document.createDocumentFragment();
  machine.states.forEach((info, i) => {
    const item = el("li");
    item.dataset.path = info.path;
    item.style.paddingLeft = `${4 + info.depth * 14}px`;
    if (state.active.has(info.path)) item.classList.add("active");
    if (entered !== undefined && info.path in entered) item.classList.add("entered");
    if (info.path === view.state) item.classList.add("selected");
    const type = info.type === "atomic" ? "" : ` (${info.type})`;
    item.append(
      el("span", "name", `${info.name}${type}`),
      el("span", "counter", String(state.counters[i])),
    );
    item.title = info.path;
    fragment.append(item);
  });
  tree.append(fragment);
}

/** Lists every field of the transition at the cursor. */
export function renderDetail() {
  const detail = $("detail");
  detail.replaceChildren();
  const model = view.model;
  const at = cursor();
  if (model === undefined || at < 0) return;
  const t = model.transitions[at];
  /** @type {Array<[string, string]>} */
  const rows = [
    ["seq", String(t.seq)],
    ["time", `${new Date(t.wallMs).toISOString()} (+${t.offsetMs} ms)`],
    ["machine", t.machine],
    ["kind", t.machineKind],
    ["parent", t.parent ?? "—"],
    ["event", t.event],
    ["args", t.args ?? "—"],
    ["accepted", t.accepted ? "yes" : "no"],
    ["status", t.status],
    ["before", t.before.join(", ") || "—"],
    ["after", t.after.join(", ") || "—"],
    [
      "entered",
      Object.entries(t.counters).map(([path, n]) => `${path} ×${n}`).join(", ") || "—",
    ],
  ];
  if (t.traceId) rows.push(["trace", t.traceId], ["span", t.spanId ?? ""]);
  const fragment = document.createDocumentFragment();
  for (const [name, value] of rows) {
    const dd = el("dd", undefined, value);
    dd.dataset.field = name;
    fragment.append(el("dt", undefined, name), dd);
  }
  detail.append(fragment);
}
