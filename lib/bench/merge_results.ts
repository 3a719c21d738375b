/**
 * Several results files as one: the shards of one bench run on several machines
 * (`bench --shard I/N`), merged for one report.
 *
 * @module
 */
import { ResultsFileError, type SkippedLine } from "./results_store.ts";
import { isCounted, type RunResult } from "./run_result.ts";

/** One results file as read. */
export interface ResultsSource {
  path: string;
  results: readonly RunResult[];
  skipped: readonly SkippedLine[];
}

/** The merged results, and which file each came from. */
export interface MergedResults {
  /** Every result, file after file, each file's in its own order. */
  results: RunResult[];
  /** The file each result was read from (its telemetry paths are relative to that folder). */
  sourceOf: Map<RunResult, string>;
}

/**
 * Merges the results of `sources`. Refuses (ResultsFileError) files of different scenarios or
 * different definitions of a variant, whose figures measure different things, and a counted run
 * found in two files (overlapping shards, or one file given twice). Warm-ups run in every shard
 * and are kept from each.
 */
export function mergeResultsFiles(sources: readonly ResultsSource[]): MergedResults {
  const results: RunResult[] = [];
  const sourceOf = new Map<RunResult, string>();
  const firstOf = new Map<string, { path: string; result: RunResult }>();
  const countedIn = new Map<string, string>();
  const reference = sources.find((source) => source.results.length > 0);
  for (const source of sources) {
    for (const result of source.results) {
      if (reference !== undefined && source !== reference) {
        _checkSame("scenario", reference.results[0].scenario, result.scenario, reference, source);
      }
      const variant = firstOf.get(result.cell.variant);
      if (variant === undefined) {
        firstOf.set(result.cell.variant, { path: source.path, result });
      } else if (variant.path !== source.path) {
        _checkSame(
          `variant "${result.cell.variant}"`,
          variant.result.variantSpec,
          result.variantSpec,
          { path: variant.path },
          source,
        );
      }
      if (isCounted(result)) {
        const earlier = countedIn.get(result.key);
        if (earlier !== undefined && earlier !== source.path) {
          throw new ResultsFileError(
            `run ${result.key} is in both "${earlier}" and "${source.path}": the files overlap ` +
              `(the same file twice, or shards of different slicings); merge disjoint shards`,
          );
        }
        countedIn.set(result.key, source.path);
      }
      results.push(result);
      sourceOf.set(result, source.path);
    }
  }
  return { results, sourceOf };
}

function _checkSame(
  what: string,
  ours: unknown,
  theirs: unknown,
  reference: { path: string },
  source: { path: string },
): void {
  const a = (ours ?? {}) as Record<string, unknown>;
  const b = (theirs ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const differing = keys.filter((key) => _canonical(a[key]) !== _canonical(b[key]));
  if (differing.length === 0) return;
  const details = differing.slice(0, 3).map((key) =>
    `${key} ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}`
  ).join(", ");
  throw new ResultsFileError(
    `"${reference.path}" and "${source.path}" ran a different ${what} (${details}); merge only ` +
      `the shards of one bench`,
  );
}

/** JSON with sorted keys, so that key order never makes two equal values differ. */
function _canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, inner) =>
      inner !== null && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : inner,
  );
}
