/**
 * What a traced run's recorders see of the scenario: its phases, its hosts and their machines.
 * The scenario calls these hooks only when an observer is given, so timed runs pay nothing.
 *
 * @module
 */
import type { InspectionEvent } from "xstate";
import type { BenchHost } from "../net/mod.ts";
import type { PhaseName } from "./phase_clock.ts";

/** Hooks a traced run's recorders implement. */
export interface RunObserver {
  /** A phase starts; the one before, if any, has ended. */
  phaseStarted(phase: PhaseName): void;
  /** A host was created, before anything is done with it. */
  hostCreated(host: BenchHost): void;
  /**
   * The scenario starts waiting until message `messageIndex` has reached every host; the
   * returned function is called when it has (or the wait failed).
   */
  verifyStarted(messageIndex: number): () => void;
  /** The inspection callback for the machines of host `hostIndex`, if machines are observed. */
  machineInspector(hostIndex: number): ((event: InspectionEvent) => void) | undefined;
  /** The scenario is over (hosts stopped); `failure` says why when it failed. */
  ended(failure: string | undefined): void;
}
