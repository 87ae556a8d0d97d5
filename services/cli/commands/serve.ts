import type { Command } from "commander";
import { UsageError } from "../usage-error.js";

// Placeholder registration; services/coordinator replaces it with the real `maat serve`.
export function registerServe(program: Command): void {
  program.command("serve").description("run the coordinator (not built yet)").action(() => {
    throw new UsageError("serve: not built yet");
  });
}
