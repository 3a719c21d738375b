/**
 * How many runs a bench starts at once, and how many child processes it loads ahead.
 *
 * @module
 */
import type { JobsSetting } from "../config/types.ts";

/** `jobs` as a number: `auto` is one per core. */
export function resolveJobs(jobs: JobsSetting, cores: number): number {
  return jobs === "auto" ? Math.max(1, cores) : jobs;
}

/**
 * Children loaded ahead of their start: enough for two batches, and one per core (up to 16) so
 * that a refill loads on every core at once.
 */
export function poolSizeFor(jobs: number, cores: number): number {
  return Math.max(2, 2 * jobs, Math.min(cores, 16));
}
