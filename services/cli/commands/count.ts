import type { Command } from "commander";
import type { MaatConfig } from "../../compose/maat-config.js";
import { withRequestOptions } from "../request-flags.js";
import type { RequestFlags } from "../request-options.js";

export function registerCount(program: Command, config: MaatConfig): void {
  withRequestOptions(program.command("count"))
    .description("count the valid stacks of a request exactly (memoized counting, not enumeration)")
    .action(async (reqs: string[], flags: RequestFlags) => {
      const { runCount } = await import("./count-run.js");
      process.exitCode = await runCount(reqs, flags, config);
    });
}
