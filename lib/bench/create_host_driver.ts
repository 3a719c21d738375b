import type { OrchestrationName } from "../config/types.ts";
import type { HostDriver, HostDriverInit } from "./host_driver.ts";
import { createPlainDriver } from "./plain_driver.ts";
import { createStatesDriver } from "./states_driver.ts";

/** Creates the driver of the variant's orchestration. */
export function createHostDriver(
  orchestration: OrchestrationName,
  init: HostDriverInit,
): HostDriver {
  switch (orchestration) {
    case "plain":
      return createPlainDriver(init);
    case "states":
      return createStatesDriver(init);
  }
}
