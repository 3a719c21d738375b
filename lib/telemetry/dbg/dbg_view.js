// @ts-check
/// <reference lib="dom" />
/**
 * The viewer page's state (the model, the filtered rows, the cursor, the selection), the row
 * arithmetic on it, and the small DOM helpers every part of the page uses (dbg_page.js).
 *
 * @module
 */

/** @typedef {import("./dbg_model.js").JournalModel} JournalModel */

/** What the page shows: the model, the rows that pass the filters, the cursor, the selection. */
export const view = {
  /** @type {JournalModel | undefined} */
  model: undefined,
  /** Global indexes that pass the filters; undefined: all. @type {Int32Array | undefined} */
  rows: undefined,
  /** Position of the cursor in `rows`; -1 when there is no row. */
  pos: -1,
  /** Index of the selected machine in `model.machines`, -1 for none. */
  machine: -1,
  /** Path of the selected state of the selected machine. */
  state: "",
  /** Row elements of the log, reused while scrolling. @type {HTMLElement[]} */
  rowPool: [],
};

/**
 * @param {string} id
 * @returns {any}
 */
export function $(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** @param {string} text @param {boolean} [isError] */
export function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

export function rowCount() {
  const model = view.model;
  if (model === undefined) return 0;
  return view.rows === undefined ? model.transitions.length : view.rows.length;
}

/** @param {number} pos @returns {number} */
export function globalAt(pos) {
  return view.rows === undefined ? pos : view.rows[pos];
}

export function cursor() {
  return view.pos < 0 ? -1 : globalAt(view.pos);
}

/**
 * The last row position whose global index is at most `index` (0 when none is).
 * @param {number} index
 */
export function positionOf(index) {
  const n = rowCount();
  if (view.rows === undefined) return Math.min(Math.max(index, 0), n - 1);
  const rows = view.rows;
  let low = 0;
  let high = n - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (rows[mid] <= index) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return n === 0 ? -1 : found;
}
