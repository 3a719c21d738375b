/**
 * The simulator's machine journal: opened at the start of a run when the config enables it.
 *
 * @module
 */
import { createMachineJournal } from "../telemetry/machine_journal.ts";
import type { MachineJournal } from "../telemetry/machine_journal_options.ts";
import type { SimConfig } from "./sim_config.ts";
import { SimError } from "./sim_error.ts";

/**
 * Opens the journal of `config.journal`, creating its folder first.
 *
 * @throws {SimError} when the journal's folder cannot be created.
 */
export function openSimJournal(config: SimConfig): MachineJournal {
  const file = config.journal.file;
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  try {
    if (dir !== "") Deno.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new SimError(`cannot create the journal's folder "${dir}": ${error}`, { cause: error });
  }
  return createMachineJournal(file, {
    maxRecords: config.journal.maxRecords,
    runId: `sim-${new Date().toISOString()}`,
  });
}
