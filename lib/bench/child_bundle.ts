/**
 * The code a run's child process loads. Loading `run_child.ts` from its sources resolves about a
 * thousand files (hundreds of npm packages, each with its package.json) in every child; the
 * bundle is the same modules, put together by `deno bundle` ahead of time: one file for what
 * every run needs, one per libp2p stack (a run loads only its own, as from the sources), one for
 * a traced run's telemetry. Nothing is rewritten but the module boundaries: the code that runs
 * inside the measured phases is the same, and `child_bundle_test.ts` runs one scenario both ways
 * and compares what the seed decides and what was delivered.
 *
 * The bundle is kept in `build/run-child/<id>/` (git-ignored) and rebuilt when any file it was
 * built from changes: its `manifest.json` holds a SHA-256 of every project file the bundle
 * contains, of deno.json and deno.lock (the npm packages' versions), and the Deno version.
 *
 * @module
 */
import type { ChildModules } from "../config/types.ts";

/** Where a run's child process starts, and from what. */
export interface ChildEntry {
  /** What the child loads: the bundle, or the sources. */
  modules: ChildModules;
  /** Absolute path of the module the child runs. */
  path: string;
  /**
   * Flags of `deno run` for it. The bundle imports nothing but Node's built-in modules, so the
   * child reads neither deno.json nor deno.lock (parsing the lock's hundreds of npm packages in
   * every child costs tens of milliseconds).
   */
  flags: string[];
  /** The bundle's folder name (a hash of its manifest); absent for the sources. */
  bundleId?: string;
  /** How long this call spent building the bundle, when it had to; absent when it was current. */
  buildMs?: number;
}

/** Options of {@linkcode prepareChildEntry}. */
export interface PrepareChildEntryOptions {
  /** What the child loads. @default "bundle" */
  modules?: ChildModules;
  /** Folder the bundles are kept in. @default "<project>/build/run-child" */
  cacheDir?: string;
  /** The Deno executable that builds the bundle. @default "deno" */
  deno?: string;
}

/** The bundle could not be built (the message says what `deno bundle` printed). */
export class ChildBundleError extends Error {
  /** Creates a ChildBundleError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ChildBundleError";
  }
}

const _PROJECT_ROOT = new URL("../../", import.meta.url).pathname;
/** The child's entry module in the sources. */
export const CHILD_SOURCE_ENTRY: string = new URL("./run_child.ts", import.meta.url).pathname;
const _ENTRY_RELATIVE = CHILD_SOURCE_ENTRY.slice(_PROJECT_ROOT.length);
/** `deno bundle` names the entry's output after its input. */
const _BUNDLE_ENTRY = "run_child.js";
/** The files every bundle depends on beyond its sources: the import map and the versions. */
const _ALWAYS_HASHED = ["deno.json", "deno.lock"];
/** Changes when the way the bundle is built changes, so older bundles are not reused. */
const _BUILD_FORMAT = 1;
const _BUNDLE_ARGS = [
  "bundle",
  "--platform",
  "deno",
  // One file per dynamic import: a run loads its own stack only, as it does from the sources.
  "--code-splitting",
  // Only to learn which files went in (the manifest); the maps are removed after the build, and
  // the bundle carries no reference to them, so no run ever loads one.
  "--sourcemap",
  "external",
  // Building never rewrites deno.lock (a tracked file).
  "--frozen-lockfile",
];
const _BUNDLE_RUN_FLAGS = ["--no-config", "--no-lock"];
/** Bundles other than the newest few are removed once this old. */
const _PRUNE_AFTER_MS = 24 * 3600_000;
const _KEEP_NEWEST = 3;

interface _Manifest {
  format: number;
  deno: string;
  entry: string;
  /** SHA-256 (hex) of each file, by its path relative to the project root. */
  files: Record<string, string>;
}

/**
 * The entry a run's child should start from. For `modules: "bundle"` it reuses the newest bundle
 * when every file it was built from is unchanged, and otherwise builds one (a few seconds) first.
 *
 * @throws {ChildBundleError} when the bundle cannot be built
 */
export async function prepareChildEntry(
  options: PrepareChildEntryOptions = {},
): Promise<ChildEntry> {
  if ((options.modules ?? "bundle") === "source") {
    return { modules: "source", path: CHILD_SOURCE_ENTRY, flags: [] };
  }
  const cacheDir = options.cacheDir ?? `${_PROJECT_ROOT}build/run-child`;
  const current = await _currentBundle(cacheDir);
  if (current !== undefined) return current;
  const startedAt = performance.now();
  let id: string;
  try {
    id = await _buildBundle(cacheDir, options.deno ?? "deno");
  } catch (error) {
    if (error instanceof ChildBundleError) throw error;
    throw new ChildBundleError(
      `cannot build the runs' bundle in "${cacheDir}": ${_reason(error)}`,
      {
        cause: error,
      },
    );
  }
  return {
    modules: "bundle",
    path: `${cacheDir}/${id}/${_BUNDLE_ENTRY}`,
    flags: [..._BUNDLE_RUN_FLAGS],
    bundleId: id,
    buildMs: performance.now() - startedAt,
  };
}

/** The bundle the pointer file names, if every file it was built from is unchanged. */
async function _currentBundle(cacheDir: string): Promise<ChildEntry | undefined> {
  let id: string;
  let manifest: _Manifest;
  try {
    id = (await Deno.readTextFile(`${cacheDir}/current`)).trim();
    manifest = JSON.parse(await Deno.readTextFile(`${cacheDir}/${id}/manifest.json`));
    await Deno.stat(`${cacheDir}/${id}/${_BUNDLE_ENTRY}`);
  } catch {
    return undefined;
  }
  if (
    manifest.format !== _BUILD_FORMAT || manifest.deno !== Deno.version.deno ||
    manifest.entry !== _ENTRY_RELATIVE || typeof manifest.files !== "object"
  ) return undefined;
  const hashes = await Promise.all(
    Object.keys(manifest.files).map((file) => _hashFile(`${_PROJECT_ROOT}${file}`)),
  );
  const unchanged = Object.values(manifest.files).every((hash, i) => hashes[i] === hash);
  return unchanged
    ? {
      modules: "bundle",
      path: `${cacheDir}/${id}/${_BUNDLE_ENTRY}`,
      flags: [..._BUNDLE_RUN_FLAGS],
      bundleId: id,
    }
    : undefined;
}

/** Builds a bundle into a fresh folder, records its manifest, points `current` at it. */
async function _buildBundle(cacheDir: string, deno: string): Promise<string> {
  await Deno.mkdir(cacheDir, { recursive: true });
  // Hashed before the build: a file edited while it runs then fails the next check, and the
  // bundle is built again, instead of a manifest that vouches for content the bundle lacks.
  const before = await _hashProjectSources();
  const building = await Deno.makeTempDir({ dir: cacheDir, prefix: "building-" });
  try {
    const [output, graph] = await Promise.all([
      _runDeno(deno, [..._BUNDLE_ARGS, "--outdir", building, CHILD_SOURCE_ENTRY]),
      _runDeno(deno, ["info", "--json", CHILD_SOURCE_ENTRY]),
    ]);
    for (const [what, result] of [["bundle", output], ["info", graph]] as const) {
      if (!result.success) {
        throw new ChildBundleError(
          `"deno ${what} ${_ENTRY_RELATIVE}" failed (exit code ${result.code}): ${
            _errorLines(new TextDecoder().decode(result.stderr))
          }`,
        );
      }
    }
    // The module graph also names files that leave no code in the bundle (types, or code
    // tree-shaken away today): a change to any of them may change what is bundled.
    const sources = await _bundledProjectFiles(building);
    for (const file of _graphProjectFiles(new TextDecoder().decode(graph.stdout))) {
      sources.add(file);
    }
    const files: Record<string, string> = {};
    for (const file of _ALWAYS_HASHED) sources.add(file);
    for (const file of [...sources].sort()) {
      files[file] = before.get(file) ?? await _hashFile(`${_PROJECT_ROOT}${file}`);
    }
    if (!(_ENTRY_RELATIVE in files)) {
      throw new ChildBundleError(`the bundle of ${_ENTRY_RELATIVE} does not name it as a source`);
    }
    const manifest: _Manifest = {
      format: _BUILD_FORMAT,
      deno: Deno.version.deno,
      entry: _ENTRY_RELATIVE,
      files,
    };
    const text = JSON.stringify(manifest, null, 1) + "\n";
    await Deno.writeTextFile(`${building}/manifest.json`, text);
    const id = (await _hashBytes(new TextEncoder().encode(text))).slice(0, 16);
    await _moveIntoPlace(building, `${cacheDir}/${id}`, text);
    const pointer = `${cacheDir}/.current.${crypto.randomUUID().slice(0, 8)}`;
    await Deno.writeTextFile(pointer, id + "\n");
    await Deno.rename(pointer, `${cacheDir}/current`);
    await _pruneOldBundles(cacheDir, id);
    return id;
  } finally {
    await Deno.remove(building, { recursive: true }).catch(() => {});
  }
}

/**
 * Renames the built folder to its id. A folder of that id built by another bench meanwhile has
 * the same manifest, so the same content: it is kept. One whose manifest differs (damaged by
 * hand) is replaced.
 */
async function _moveIntoPlace(building: string, target: string, manifest: string): Promise<void> {
  try {
    await Deno.rename(building, target);
    return;
  } catch {
    // taken: see below
  }
  const theirs = await Deno.readTextFile(`${target}/manifest.json`).catch(() => undefined);
  const complete = await Deno.stat(`${target}/${_BUNDLE_ENTRY}`).then(() => true, () => false);
  if (theirs === manifest && complete) return;
  await Deno.remove(target, { recursive: true }).catch(() => {});
  await Deno.rename(building, target);
}

async function _runDeno(deno: string, args: string[]): Promise<Deno.CommandOutput> {
  try {
    return await new Deno.Command(deno, {
      args,
      cwd: _PROJECT_ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
  } catch (error) {
    throw new ChildBundleError(`cannot run "${deno} ${args[0]}": ${_reason(error)}`, {
      cause: error,
    });
  }
}

/** The project files (relative paths) in `deno info --json`'s module graph. */
function _graphProjectFiles(json: string): string[] {
  const graph = JSON.parse(json) as { modules?: { local?: string }[] };
  return (graph.modules ?? [])
    .map((module) => module.local ?? "")
    .filter((path) => path.startsWith(_PROJECT_ROOT))
    .map((path) => path.slice(_PROJECT_ROOT.length));
}

/** The project files (relative paths) the bundle was built from, from its source maps. */
async function _bundledProjectFiles(dir: string): Promise<Set<string>> {
  const files = new Set<string>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".js.map")) continue;
    const path = `${dir}/${entry.name}`;
    const map = JSON.parse(await Deno.readTextFile(path)) as { sources?: string[] };
    for (const source of map.sources ?? []) {
      const absolute = new URL(source, `file://${path}`).pathname;
      if (absolute.startsWith(_PROJECT_ROOT)) files.add(absolute.slice(_PROJECT_ROOT.length));
    }
    await Deno.remove(path);
  }
  return files;
}

/** SHA-256 of every TypeScript file under lib/ and of {@linkcode _ALWAYS_HASHED}. */
async function _hashProjectSources(): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const visit = async (relative: string): Promise<void> => {
    for await (const entry of Deno.readDir(`${_PROJECT_ROOT}${relative}`)) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory) await visit(path);
      else if (entry.isFile && entry.name.endsWith(".ts")) {
        hashes.set(path, await _hashFile(`${_PROJECT_ROOT}${path}`));
      }
    }
  };
  await visit("lib");
  for (const file of _ALWAYS_HASHED) hashes.set(file, await _hashFile(`${_PROJECT_ROOT}${file}`));
  return hashes;
}

/** Removes bundles other than `keep` and the newest few, once they are a day old. */
async function _pruneOldBundles(cacheDir: string, keep: string): Promise<void> {
  const folders: { name: string; modifiedMs: number }[] = [];
  for await (const entry of Deno.readDir(cacheDir)) {
    if (!entry.isDirectory || entry.name === keep) continue;
    const info = await Deno.stat(`${cacheDir}/${entry.name}`).catch(() => undefined);
    folders.push({ name: entry.name, modifiedMs: info?.mtime?.getTime() ?? 0 });
  }
  folders.sort((a, b) => b.modifiedMs - a.modifiedMs);
  const now = Date.now();
  for (const folder of folders.slice(_KEEP_NEWEST - 1)) {
    if (now - folder.modifiedMs < _PRUNE_AFTER_MS) continue;
    await Deno.remove(`${cacheDir}/${folder.name}`, { recursive: true }).catch(() => {});
  }
}

async function _hashFile(path: string): Promise<string> {
  try {
    return await _hashBytes(await Deno.readFile(path));
  } catch {
    return "missing";
  }
}

async function _hashBytes(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The lines of `deno bundle`'s stderr that say what went wrong, not its warnings. */
function _errorLines(stderr: string): string {
  // deno-lint-ignore no-control-regex
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("at ") && !/warning/i.test(line));
  return lines.slice(0, 3).join(" | ").slice(0, 500) || "(no error output)";
}

function _reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
