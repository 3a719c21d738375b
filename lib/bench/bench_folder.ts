/**
 * A bench's folder: its name, creating it (never shared by two benches), finding the newest one,
 * and what it holds from the start (config.json, the results file, the traces folder).
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { TRACES_DIR } from "./run_result_of.ts";
import { syncFolder, writeTextAtomically } from "./write_text_atomically.ts";

/** The bench could not start or go on: bad out dir, results in the way, ... */
export class BenchError extends Error {
  /** Creates a BenchError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BenchError";
  }
}

/** The file names inside a bench folder. */
export const RESULTS_FILE = "results.ndjson";
export const CONFIG_FILE = "config.json";

/** A bench folder's name: `2026-11-28T03-41-07Z`, sortable and valid in file names everywhere. */
export function benchFolderName(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
}

/**
 * Creates a new bench folder under `root`, named after `date`; when that name is taken (two
 * benches in the same second), `<name>-2`, `<name>-3`, ... The folder is created exclusively:
 * no two benches get the same one.
 */
export async function createBenchFolder(root: string, date: Date): Promise<string> {
  const base = benchFolderName(date);
  try {
    await Deno.mkdir(root, { recursive: true });
    for (let attempt = 1;; attempt++) {
      const path = `${root}/${attempt === 1 ? base : `${base}-${attempt}`}`;
      try {
        await Deno.mkdir(path);
        await syncFolder(root);
        return path;
      } catch (error) {
        if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      }
    }
  } catch (error) {
    throw new BenchError(
      `cannot create a bench folder under "${root}": ${
        error instanceof Error ? error.message : error
      }`,
      { cause: error },
    );
  }
}

/** Orders bench folder names by time, and a same-second `-N` suffix after the plain name. */
function _compareBenchNames(a: string, b: string): number {
  const split = (name: string): [string, number] => {
    const match = /^(.*Z)-(\d+)$/.exec(name);
    return match ? [match[1], Number(match[2])] : [name, 1];
  };
  const [baseA, nA] = split(a);
  const [baseB, nB] = split(b);
  return baseA < baseB ? -1 : baseA > baseB ? 1 : nA - nB;
}

/**
 * The newest bench folder under `root`: the newest folder holding a config.json or a results
 * file (folder names are timestamps, so the newest sorts last). A bench killed before its first
 * result is still the newest: resuming it is what the user asks for. Throws a BenchError saying
 * why there is none.
 */
export async function findNewestBench(root: string): Promise<string> {
  const benches: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      for (const file of [CONFIG_FILE, RESULTS_FILE]) {
        try {
          await Deno.stat(`${root}/${entry.name}/${file}`);
          benches.push(entry.name);
          break;
        } catch {
          // not this one
        }
      }
    }
  } catch (error) {
    throw new BenchError(
      `cannot list "${root}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
  if (benches.length === 0) {
    throw new BenchError(`no bench folder with ${CONFIG_FILE} or ${RESULTS_FILE} under "${root}"`);
  }
  return `${root}/${benches.sort(_compareBenchNames).at(-1)}`;
}

/** The config as a document `parseBenchConfig` reads back (JSON is YAML). */
export function serializeConfig(config: BenchConfig): string {
  const { source: _source, ...document } = config;
  return JSON.stringify(document, null, 2) + "\n";
}

/**
 * Makes `outDir` a bench folder, durably: the folder, its config.json (created exclusively
 * unless `resume`) and an empty results file, all flushed to the disk.
 */
export async function prepareBenchFolder(
  outDir: string,
  config: BenchConfig,
  resume: boolean,
): Promise<void> {
  try {
    await Deno.mkdir(outDir, { recursive: true });
    if (!resume) {
      await writeTextAtomically(`${outDir}/${CONFIG_FILE}`, serializeConfig(config), {
        exclusive: true,
      });
    }
    // The results file exists from the start, durably, so the folder is a bench from now on.
    (await Deno.open(`${outDir}/${RESULTS_FILE}`, { create: true, append: true })).close();
    await syncFolder(outDir);
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new BenchError(
        `"${outDir}" already holds a bench (${CONFIG_FILE}); pass --resume to continue it or ` +
          `choose another --out`,
      );
    }
    throw new BenchError(
      `cannot write to out dir "${outDir}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
}

/** The bench's traces folder as an absolute path (a child's permissions name it), created. */
export async function createTracesFolder(outDir: string): Promise<string> {
  const dir = `${outDir}/${TRACES_DIR}`;
  try {
    await Deno.mkdir(dir, { recursive: true });
    return await Deno.realPath(dir);
  } catch (error) {
    throw new BenchError(
      `cannot create traces folder "${dir}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
}
