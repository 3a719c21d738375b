/**
 * A YAML text parsed once, kept with its line table so any path can be traced back to a line.
 *
 * @module
 */

import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
} from "yaml";
import { ConfigError } from "./config_error.ts";

/** A path into the document, as zod reports it. */
export type Path = readonly PropertyKey[];

/** Where a path is in the text. */
export interface Location {
  /** 1-based line. */
  line: number;
  /** Character offset, for ordering problems as they appear in the file. */
  offset: number;
  /** Whether the whole path exists; if not, this is its deepest existing parent. */
  exact: boolean;
}

/** A parsed YAML file. */
export interface YamlSource {
  fileName: string;
  /** The document as plain data (`null` for an empty file). */
  data: unknown;
  /** Where `path` is; a map entry is located at its key, a list item at the item. */
  locate(path: Path): Location;
}

/** The longest value excerpt in a message. */
const _MAX_EXCERPT = 80;

/**
 * Parses `text` as one YAML document.
 *
 * @throws {ConfigError} `file:line:col: YAML syntax error: <the yaml library's message>`.
 */
export function readYamlSource(text: string, fileName: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors would append a multi-line excerpt; we want the bare message and our own position.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(
      `${fileName}:${line}:${col}: YAML syntax error: ${_firstLine(first.message)}`,
      { cause: first },
    );
  }
  // An alias without its anchor is only found by toJS, which has no position: look first.
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const { line, col } = lineCounter.linePos(_start(alias) ?? 0);
      throw new ConfigError(
        `${fileName}:${line}:${col}: YAML syntax error: alias *${alias.source} has no anchor &${alias.source} before it`,
      );
    },
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? _firstLine(error.message) : String(error);
    throw new ConfigError(`${fileName}: YAML error: ${reason}`, { cause: error });
  }
  return {
    fileName,
    data,
    locate: (path) => _locate(doc, lineCounter, path),
  };
}

/** The value at `path` in plain data, or `undefined`. */
export function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `matrix.hosts[1]`, `variants.fast.gossipsub`, `variants["a b"]`. */
export function formatPath(path: Path): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(key))) {
      text += text === "" ? String(key) : `.${String(key)}`;
    } else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** A value as a message shows it: strings quoted, lists and mappings compact, long ones cut. */
export function formatValue(value: unknown): string {
  const text = _formatValue(value, 0);
  return text.length > _MAX_EXCERPT ? `${text.slice(0, _MAX_EXCERPT - 3)}...` : text;
}

function _formatValue(value: unknown, depth: number): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  if (depth > 2) return Array.isArray(value) ? "[...]" : "{...}";
  if (Array.isArray(value)) return `[${value.map((v) => _formatValue(v, depth + 1)).join(", ")}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return `a ${value.constructor?.name ?? "value"}`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${k}: ${_formatValue(v, depth + 1)}`);
  return `{${entries.join(", ")}}`;
}

function _firstLine(text: string): string {
  return text.split("\n", 1)[0].trim();
}

function _locate(doc: Document, lineCounter: LineCounter, path: Path): Location {
  let node: unknown = doc.contents;
  let offset = _start(node) ?? 0;
  let found = 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => _keyText(item.key) === String(key));
      if (pair === undefined) break;
      offset = _start(pair.key) ?? _start(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && key < node.items.length) {
      node = node.items[key];
      offset = _start(node) ?? offset;
    } else {
      break;
    }
    found += 1;
  }
  return { line: lineCounter.linePos(offset).line, offset, exact: found === path.length };
}

function _keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function _start(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range?.[0];
}
