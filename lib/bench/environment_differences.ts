/**
 * What differs between the machines and code of two benches, so a comparison across them can
 * say it measured more than the change under test.
 *
 * @module
 */
import type { RunEnvironment } from "./run_result.ts";

/** The differences found by {@linkcode environmentDifferences}, each in words. */
export interface EnvironmentDifferences {
  /** Machine and runtime differences, e.g. `CPU "A" x 2 here, "B" x 8 there`. */
  machine: string[];
  /** The commit difference, e.g. `commit 1a2b3c4 here, 5d6e7f8 there`; absent when equal. */
  commit?: string;
}

/**
 * Compares host name (when both recorded it), CPU model and count, memory, OS, Deno version and
 * git commit. A missing environment on either side compares as unknown.
 *
 * @example
 * ```ts
 * environmentDifferences(results[0].environment, baseline[0].environment).machine; // []
 * ```
 */
export function environmentDifferences(
  here: RunEnvironment | undefined,
  there: RunEnvironment | undefined,
): EnvironmentDifferences {
  if (!here || !there) {
    return { machine: ["the environment was not recorded for one of the benches"] };
  }
  const machine: string[] = [];
  const differ = (label: string, a: string, b: string) => {
    if (a !== b) machine.push(`${label} ${a} here, ${b} there`);
  };
  if (here.hostname !== undefined && there.hostname !== undefined) {
    differ("host", JSON.stringify(here.hostname), JSON.stringify(there.hostname));
  }
  differ(
    "CPU",
    `${JSON.stringify(here.cpuModel)} x ${here.cpuCount}`,
    `${JSON.stringify(there.cpuModel)} x ${there.cpuCount}`,
  );
  differ(
    "memory",
    `${(here.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `${(there.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
  );
  differ("OS", here.os, there.os);
  differ("Deno", here.deno, there.deno);
  const short = (commit: string) => commit.replace(/^([0-9a-f]{7})[0-9a-f]*/, "$1");
  return here.gitCommit === there.gitCommit
    ? { machine }
    : { machine, commit: `commit ${short(here.gitCommit)} here, ${short(there.gitCommit)} there` };
}
