/**
 * An event's arguments in short: the event without `type` as JSON, cut to a length. The value is
 * summarised before it is serialised, so a megabyte payload or an actor snapshot inside an event
 * costs a few dozen property reads, not a full JSON.stringify.
 *
 * @module
 */

/** About how long the text may be; longer text is cut and ends in "…". */
export const ARGS_MAX_CHARS = 120;

const _MAX_DEPTH = 3;
const _MAX_KEYS = 12;
const _MAX_ITEMS = 8;
/** Values visited per event, whatever their nesting. */
const _MAX_VALUES = 64;

/**
 * The event's fields other than `type`, as JSON of at most about `maxChars` characters, or
 * `undefined` when it has none. Byte arrays read as "<Uint8Array 32 bytes>", errors as their name
 * and message, actors as "<actor ID>", sets and maps as arrays and objects.
 */
export function shortArgs(
  event: { type: string },
  maxChars: number = ARGS_MAX_CHARS,
): string | undefined {
  const budget = { values: _MAX_VALUES };
  const fields: Record<string, unknown> = {};
  let count = 0;
  for (const key in event) {
    if (key === "type" || !Object.hasOwn(event, key)) continue;
    const value = (event as Record<string, unknown>)[key];
    if (value === undefined || typeof value === "function") continue;
    if (count++ >= _MAX_KEYS) {
      fields["…"] = "more keys";
      break;
    }
    fields[key] = _summarize(value, 1, budget);
  }
  if (count === 0) return undefined;
  const text = JSON.stringify(fields);
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

function _summarize(value: unknown, depth: number, budget: { values: number }): unknown {
  if (--budget.values < 0) return "…";
  switch (typeof value) {
    case "string":
      return value.length > ARGS_MAX_CHARS ? `${value.slice(0, ARGS_MAX_CHARS)}…` : value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
    case "undefined":
      return undefined;
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value)) {
    return `<${value.constructor.name} ${value.byteLength} bytes>`;
  }
  if (value instanceof ArrayBuffer) return `<ArrayBuffer ${value.byteLength} bytes>`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Date) return value.toISOString();
  const object = value as Record<string, unknown>;
  if (typeof object.sessionId === "string" && typeof object.send === "function") {
    return `<actor ${String(object.id)}>`;
  }
  if (depth >= _MAX_DEPTH) return Array.isArray(value) ? `<${value.length} items>` : "{…}";
  if (Array.isArray(value) || value instanceof Set) {
    const items = [...(value as Iterable<unknown>)];
    const out = items.slice(0, _MAX_ITEMS).map((item) => _summarize(item, depth + 1, budget));
    if (items.length > _MAX_ITEMS) out.push(`…+${items.length - _MAX_ITEMS}`);
    return out;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(object);
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (count++ >= _MAX_KEYS) {
      out["…"] = `+${entries.length - _MAX_KEYS}`;
      break;
    }
    out[String(key)] = _summarize(item, depth + 1, budget);
  }
  return out;
}
