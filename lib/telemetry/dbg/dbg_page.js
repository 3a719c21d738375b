// @ts-check
/// <reference lib="dom" />
/**
 * The viewer page: loads a journal (from the server's /journal or a local file), then shows the
 * machines, the selected machine's state tree at the cursor, the transition log (only its
 * visible rows exist in the DOM) and the timeline. Every text from a journal goes in through
 * textContent or a data attribute, never as markup: a machine or event name is data.
 *
 * @module
 */
import { parseJournalText } from "./dbg_model.js";
import { $, cursor, el, globalAt, positionOf, rowCount, setStatus, view } from "./dbg_view.js";
import { describeChange, filterTransitions, findTouching } from "./dbg_query.js";
import { renderDetail, renderTree } from "./dbg_panels.js";

/** @typedef {import("./dbg_model.js").JournalModel} JournalModel */
/** @typedef {import("./dbg_model.js").Transition} Transition */

const ROW_PX = 20;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 10;
const FILTER_DELAY_MS = 150;

/**
 * @param {JournalModel} model
 * @param {string} name
 * @param {number} loadMs
 */
function setModel(model, name, loadMs) {
  view.model = model;
  view.rows = undefined;
  view.machine = model.machines.length > 0 ? 0 : -1;
  view.state = "";
  const info = $("journal-info");
  const header = model.header;
  const end = model.end;
  const parts = [
    name,
    `run ${String(header.runId)}`,
    `started ${String(header.startedAt)}`,
    `${model.transitions.length} transitions`,
    `${model.machines.length} machines`,
  ];
  if (end === undefined) parts.push("not closed (killed?)");
  else if (Number(end.dropped) > 0) {
    parts.push(`${Number(end.dropped)} dropped past the bound of ${Number(header.maxRecords)}`);
  }
  if (model.skipped.length > 0) {
    const first = model.skipped[0];
    parts.push(
      `${model.skipped.length} broken lines skipped (line ${first.line}: ${first.reason})`,
    );
  }
  info.textContent = parts.join(" · ");
  for (const id of ["filter-machine", "filter-event", "filter-state", "machine-search"]) {
    $(id).value = "";
  }
  $("filter-selected").checked = false;
  renderMachines();
  applyFilters();
  moveTo(model.transitions.length > 0 ? 0 : -1);
  setStatus(`Loaded in ${Math.round(loadMs)} ms`);
  document.body.dataset.state = "ready";
  document.body.dataset.loadMs = String(Math.round(loadMs));
}

function renderMachines() {
  const model = view.model;
  const list = $("machines");
  list.replaceChildren();
  if (model === undefined) return;
  const search = $("machine-search").value.trim().toLowerCase();
  const fragment = document.createDocumentFragment();
  let shown = 0;
  model.machines.forEach((machine, index) => {
    if (search && !machine.id.toLowerCase().includes(search)) return;
    shown++;
    const item = el("li");
    item.dataset.index = String(index);
    item.title = `${machine.id} (${machine.kind})`;
    item.append(
      el("span", "name", machine.id),
      el("span", "count", String(machine.indexes.length)),
    );
    if (index === view.machine) item.classList.add("selected");
    fragment.append(item);
  });
  list.append(fragment);
  $("machine-summary").textContent = `${shown} of ${model.machines.length} machines · transitions`;
}

/** @param {number} index */
function selectMachine(index) {
  view.machine = index;
  view.state = "";
  for (const item of $("machines").children) {
    item.classList.toggle("selected", item.dataset.index === String(index));
  }
  if ($("filter-selected").checked) applyFilters();
  else render();
}

function applyFilters() {
  const model = view.model;
  if (model === undefined) return;
  const before = cursor();
  const selectedOnly = $("filter-selected").checked && view.machine >= 0;
  view.rows = filterTransitions(model, {
    machine: $("filter-machine").value,
    machineExact: selectedOnly ? model.machines[view.machine].id : undefined,
    event: $("filter-event").value,
    state: $("filter-state").value,
  });
  const n = rowCount();
  $("filter-count").textContent = view.rows === undefined ? "" : `${n} match`;
  $("slider").max = String(Math.max(0, n - 1));
  $("log-spacer").style.height = `${n * ROW_PX}px`;
  view.pos = n === 0 ? -1 : positionOf(Math.max(before, 0));
  render();
  scrollToCursor();
}

/** @param {number} pos */
function moveTo(pos) {
  const n = rowCount();
  view.pos = n === 0 ? -1 : Math.min(Math.max(pos, 0), n - 1);
  render();
  scrollToCursor();
}

/** @param {1 | -1} direction */
function jumpTouching(direction) {
  const model = view.model;
  if (model === undefined || view.machine < 0 || view.state === "" || view.pos < 0) return;
  const machine = model.machines[view.machine];
  let from = cursor();
  for (;;) {
    const index = findTouching(model, machine, view.state, from, direction);
    if (index < 0) {
      setStatus(`No ${direction === 1 ? "later" : "earlier"} transition touches ${view.state}`);
      return;
    }
    const pos = positionOf(index);
    if (globalAt(pos) === index) {
      setStatus("");
      moveTo(pos);
      return;
    }
    from = index; // filtered out: keep looking
  }
}

function scrollToCursor() {
  if (view.pos < 0) return;
  const log = $("log");
  const top = view.pos * ROW_PX;
  if (top < log.scrollTop) log.scrollTop = top;
  else if (top + ROW_PX > log.scrollTop + log.clientHeight) {
    log.scrollTop = top + ROW_PX - log.clientHeight;
  }
  renderLog();
}

function render() {
  const n = rowCount();
  $("slider").value = String(Math.max(view.pos, 0));
  $("position").textContent = view.pos < 0
    ? "no transition"
    : `${view.pos + 1} / ${n} · seq ${view.model?.transitions[cursor()].seq}`;
  renderLog();
  renderTree();
  renderDetail();
}

function renderLog() {
  const model = view.model;
  const log = $("log");
  const spacer = $("log-spacer");
  const n = rowCount();
  const first = Math.max(0, Math.floor(log.scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(n, Math.ceil((log.scrollTop + log.clientHeight) / ROW_PX) + OVERSCAN);
  const needed = Math.max(0, last - first);
  while (view.rowPool.length < needed) {
    const row = el("div", "row");
    row.append(
      el("span", "seq"),
      el("span", "time"),
      el("span", "machine"),
      el("span", "event"),
      el("span", "change"),
    );
    view.rowPool.push(row);
    spacer.append(row);
  }
  view.rowPool.forEach((row, i) => {
    const pos = first + i;
    if (model === undefined || i >= needed) {
      row.hidden = true;
      return;
    }
    const transition = model.transitions[globalAt(pos)];
    row.hidden = false;
    row.style.top = `${pos * ROW_PX}px`;
    row.dataset.pos = String(pos);
    row.className = "row";
    if (!transition.accepted) row.classList.add("rejected");
    if (pos === view.pos) row.classList.add("current");
    const [seq, time, machine, event, change] = /** @type {HTMLElement[]} */ ([...row.children]);
    seq.textContent = String(transition.seq);
    time.textContent = `${transition.offsetMs.toFixed(1)} ms`;
    machine.textContent = transition.machine;
    machine.title = transition.machine;
    event.textContent = transition.event;
    event.title = transition.event;
    const summary = describeChange(transition);
    change.textContent = transition.accepted ? summary : "(not accepted)";
    change.title = transition.args ?? "";
  });
}

/**
 * @param {string} text
 * @param {string} name
 */
function load(text, name) {
  const startedAt = performance.now();
  let model;
  try {
    model = parseJournalText(text);
  } catch (error) {
    setStatus(`${name}: ${error instanceof Error ? error.message : error}`, true);
    document.body.dataset.state = "error";
    return;
  }
  setModel(model, name, performance.now() - startedAt);
}

/** @param {() => void} fn */
function debounced(fn) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, FILTER_DELAY_MS);
  };
}

function wire() {
  $("machines").addEventListener("click", (/** @type {MouseEvent} */ event) => {
    const item = /** @type {HTMLElement | null} */ (event.target)?.closest("li");
    if (item?.dataset.index !== undefined) selectMachine(Number(item.dataset.index));
  });
  $("tree").addEventListener("click", (/** @type {MouseEvent} */ event) => {
    const item = /** @type {HTMLElement | null} */ (event.target)?.closest("li");
    if (item?.dataset.path === undefined) return;
    view.state = view.state === item.dataset.path ? "" : item.dataset.path;
    renderTree();
  });
  $("log").addEventListener("click", (/** @type {MouseEvent} */ event) => {
    const target = /** @type {HTMLElement | null} */ (event.target);
    const row = /** @type {HTMLElement | null} */ (target?.closest(".row") ?? null);
    if (row?.dataset.pos === undefined) return;
    const transition = view.model?.transitions[globalAt(Number(row.dataset.pos))];
    const machine = transition === undefined
      ? undefined
      : view.model?.machineIndex.get(transition.machine);
    if (machine !== undefined && machine !== view.machine && !$("filter-selected").checked) {
      view.machine = machine;
      view.state = "";
      renderMachines();
    }
    moveTo(Number(row.dataset.pos));
  });
  $("log").addEventListener("scroll", () => renderLog(), { passive: true });
  globalThis.addEventListener("resize", () => renderLog());
  $("slider").addEventListener("input", () => moveTo(Number($("slider").value)));
  $("step-first").addEventListener("click", () => moveTo(0));
  $("step-prev").addEventListener("click", () => moveTo(view.pos - 1));
  $("step-next").addEventListener("click", () => moveTo(view.pos + 1));
  $("step-last").addEventListener("click", () => moveTo(rowCount() - 1));
  $("jump-next-state").addEventListener("click", () => jumpTouching(1));
  $("jump-prev-state").addEventListener("click", () => jumpTouching(-1));
  const refilter = debounced(applyFilters);
  for (const id of ["filter-machine", "filter-event", "filter-state"]) {
    $(id).addEventListener("input", refilter);
  }
  $("filter-selected").addEventListener("change", applyFilters);
  $("machine-search").addEventListener("input", debounced(renderMachines));
  $("file-input").addEventListener("change", async () => {
    const file = $("file-input").files?.[0];
    if (file === undefined) return;
    document.body.dataset.state = "loading";
    setStatus(`Reading ${file.name}…`);
    load(await file.text(), file.name);
  });
  document.addEventListener("keydown", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.tagName === "INPUT" && /** @type {HTMLInputElement} */ (target).type !== "range") {
      return;
    }
    const keys = {
      ArrowRight: () => moveTo(view.pos + 1),
      ArrowDown: () => moveTo(view.pos + 1),
      ArrowLeft: () => moveTo(view.pos - 1),
      ArrowUp: () => moveTo(view.pos - 1),
      Home: () => moveTo(0),
      End: () => moveTo(rowCount() - 1),
      n: () => jumpTouching(1),
      p: () => jumpTouching(-1),
    };
    const action = keys[/** @type {keyof typeof keys} */ (event.key)];
    if (action === undefined) return;
    event.preventDefault();
    action();
  });
}

async function start() {
  wire();
  const startedAt = performance.now();
  let response;
  try {
    response = await fetch("journal", { cache: "no-store" });
  } catch (error) {
    setStatus(`cannot reach the server: ${error}`, true);
    document.body.dataset.state = "error";
    return;
  }
  if (response.status === 404) {
    setStatus("No journal given: open one with “Open journal…”.");
    document.body.dataset.state = "empty";
    return;
  }
  if (!response.ok) {
    setStatus(`the server answered ${response.status} for the journal`, true);
    document.body.dataset.state = "error";
    return;
  }
  const name = decodeURIComponent(response.headers.get("x-journal-name") ?? "journal");
  const text = await response.text();
  const fetchedAt = performance.now();
  load(text, name);
  document.body.dataset.fetchMs = String(Math.round(fetchedAt - startedAt));
}

start();
