import type { Command } from "commander";
import { UsageError } from "../usage-error.js";

// Placeholder registration; services/worker replaces it with the real `maat worker`.
export function registerWorker(program: Command): void {
  program.command("worker").description("run a rollout worker (not built yet)").action(() => {
    throw new UsageError("worker: not built yet");
  });
}
