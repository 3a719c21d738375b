/**
 * Checks lib/'s layout against DESIGN.md: each area imports only the areas below it, no two files
 * import each other (directly or round a longer cycle), and no file is longer than 400 lines.
 * Exceptions are named in {@linkcode LAYER_EXCEPTIONS}, each with its reason; one that no longer
 * matches anything is itself a problem, so the list stays short.
 *
 *     deno run --allow-read scripts/check_layers.ts          # exit 0, or 1 with one line a problem
 *
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";
import { findImportSpecifiers } from "./import_specifiers.ts";

/** lib/'s areas, highest first: each may import only the ones after it (DESIGN.md, "Layout"). */
export const LAYERS: readonly string[] = [
  "notebook",
  "report",
  "sim",
  "bench",
  "telemetry",
  "net",
  "interop",
  "config",
  "machines",
];

/** Longest a file of lib/ may be, in lines (STYLE.md: split a file past about 400 lines). */
export const MAX_LINES = 400;

/** A known exception to a rule, and why it is allowed. */
export interface LayerException {
  /** `size`: `file` may be longer; `import`: the import `file` -> `target` is allowed. */
  rule: "size" | "import";
  /** Path under lib/, e.g. `bench/run_child.ts`. */
  file: string;
  /** For `import`: the imported file, under lib/. */
  target?: string;
  /** Why: shown in the report, and the reason a reader accepts it. */
  reason: string;
}

/** The exceptions in force. Keep it short: fix the code rather than add a line here. */
export const LAYER_EXCEPTIONS: readonly LayerException[] = [];

/** Options of {@linkcode checkLayers}. */
export interface CheckLayersOptions {
  /** Areas, highest first. @default LAYERS */
  layers?: readonly string[];
  /** @default MAX_LINES */
  maxLines?: number;
  /** @default LAYER_EXCEPTIONS */
  exceptions?: readonly LayerException[];
}

/**
 * The problems of a set of lib/ files, one line each, sorted: upward imports across areas,
 * import cycles between files, imports out of lib/ or of a file that is not there, files over
 * `maxLines`, and exceptions that match nothing.
 *
 * @param files the text of each file, keyed by its path under lib/ (`bench/run_child.ts`);
 * files directly in lib/ (its CLI tests) belong to no area and may import any
 *
 * @example
 * ```ts
 * import { checkLayers } from "./check_layers.ts";
 *
 * const problems = checkLayers(
 *   new Map([
 *     ["machines/a.ts", 'import { b } from "../sim/b.ts";\n'],
 *     ["sim/b.ts", "export const b = 1;\n"],
 *   ]),
 * );
 * console.assert(problems[0].startsWith("lib/machines/a.ts:1: upward import"));
 * ```
 */
export function checkLayers(
  files: ReadonlyMap<string, string>,
  options: CheckLayersOptions = {},
): string[] {
  const layers = options.layers ?? LAYERS;
  const maxLines = options.maxLines ?? MAX_LINES;
  const exceptions = options.exceptions ?? LAYER_EXCEPTIONS;
  const used = new Set<LayerException>();
  const allowed = (rule: LayerException["rule"], file: string, target?: string): boolean => {
    const exception = exceptions.find((e) =>
      e.rule === rule && e.file === file && (rule === "size" || e.target === target)
    );
    if (exception !== undefined) used.add(exception);
    return exception !== undefined;
  };
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    if (lines > maxLines && !allowed("size", file)) {
      problems.push(
        `lib/${file}: ${lines} lines, over ${maxLines}: split it along its seams (STYLE.md rule 1)`,
      );
    }
    const targets: string[] = [];
    for (const ref of findImportSpecifiers(text)) {
      if (!ref.specifier.startsWith(".")) continue; // npm:, node:, import-map names
      const target = normalize(join(dirname(file), ref.specifier));
      const at = `lib/${file}:${ref.line}`;
      if (target.startsWith("..")) {
        problems.push(`${at}: imports ${ref.specifier}, outside lib/`);
        continue;
      }
      if (!files.has(target)) {
        problems.push(`${at}: imports ${ref.specifier}, which is not a file of lib/`);
        continue;
      }
      targets.push(target);
      const from = _areaOf(file);
      const to = _areaOf(target);
      if (from === undefined || to === undefined || from === to) continue;
      const fromRank = layers.indexOf(from);
      const toRank = layers.indexOf(to);
      if (fromRank < 0 || toRank < 0) {
        const unknown = fromRank < 0 ? from : to;
        problems.push(
          `${at}: area lib/${unknown}/ is not in the layer list (${layers.join(" > ")})`,
        );
      } else if (toRank < fromRank && !allowed("import", file, target)) {
        problems.push(
          `${at}: upward import: ${from} imports ${to} (lib/${target}), but ${to} is above ` +
            `${from} in ${layers.join(" > ")}; move the shared code down or pass it in`,
        );
      }
    }
    graph.set(file, targets);
  }
  for (const cycle of _findCycles(graph)) {
    // One allowed edge exempts the cycle: the exception names the import that closes it.
    const exempt = cycle.some((file, index) =>
      allowed("import", file, cycle[(index + 1) % cycle.length])
    );
    if (!exempt) {
      problems.push(
        `lib/${cycle[0]}: import cycle: ${
          [...cycle, cycle[0]].map((f) => `lib/${f}`).join(" -> ")
        }`,
      );
    }
  }
  for (const exception of exceptions) {
    if (!used.has(exception)) {
      const what = exception.rule === "size" ? "size" : `import of lib/${exception.target}`;
      problems.push(
        `scripts/check_layers.ts: the exception for lib/${exception.file} (${what}) matches ` +
          `nothing any more: remove it`,
      );
    }
  }
  return problems.sort();
}

/** The area of a path under lib/ (`bench` for `bench/x.ts`), or undefined for lib/'s own files. */
function _areaOf(file: string): string | undefined {
  const slash = file.indexOf("/");
  return slash < 0 ? undefined : file.slice(0, slash);
}

/**
 * One cycle per strongly connected component of more than one file (or a file importing
 * itself), each listed from its smallest path along import edges (Tarjan's algorithm).
 */
function _findCycles(graph: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfLoop = component.length === 1 && (graph.get(file) ?? []).includes(file);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components.map((component) => _cycleThrough(component, graph));
}

/** A cycle inside `component` from its smallest path: a shortest way back to the start. */
function _cycleThrough(component: string[], graph: ReadonlyMap<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Breadth-first from start's targets back to start, inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of [...(graph.get(file) ?? [])].sort()) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return path;
      }
      if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start];
}

/** lib/'s .ts and .js files, keyed by their path under lib/. */
export async function readLibFiles(libDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && /\.(ts|js)$/.test(entry.name)) {
        files.set(relative(libDir, path), await Deno.readTextFile(path));
      }
    }
  };
  await walk(libDir);
  return files;
}

if (import.meta.main) {
  const lib = new URL("../lib", import.meta.url).pathname;
  const problems = checkLayers(await readLibFiles(lib));
  for (const problem of problems) console.log(problem);
  for (const exception of LAYER_EXCEPTIONS) {
    const what = exception.rule === "size" ? "longer" : `imports lib/${exception.target}`;
    console.log(`allowed: lib/${exception.file} ${what}: ${exception.reason}`);
  }
  if (problems.length > 0) {
    console.log(`check_layers: ${problems.length} problems (layers: ${LAYERS.join(" > ")})`);
    Deno.exit(1);
  }
  const allowed = LAYER_EXCEPTIONS.length === 0
    ? ""
    : `, but for the ${LAYER_EXCEPTIONS.length} allowed above`;
  console.log(
    `check_layers: lib/ follows ${LAYERS.join(" > ")}, with no import cycle and no file over ` +
      `${MAX_LINES} lines${allowed}`,
  );
}
