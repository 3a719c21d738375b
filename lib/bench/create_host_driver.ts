import type { OrchestrationName } from "../config/types.ts";
import type { HostDriver, HostDriverInit } from "./host_driver.ts";
import { createPlainDriver } from "./plain_driver.ts";

/** Creates the driver of the variant's orchestration. */
export function createHostDriver(
  orchestration: OrchestrationName,
  init: HostDriverInit,
): HostDriver {
  switch (orchestration) {
    case "plain":
      return createPlainDriver(init);
    case "states":
      throw new Error(`orchestration "states" is not available in this build`);
  }
}
