import type { Command } from "commander";
import type { MaatConfig } from "../../compose/maat-config.js";
import { withLockOptions } from "../lock-flags.js";
import { withRequestOptions } from "../request-flags.js";
import type { ResolveFlags } from "./resolve-run.js";

export function registerResolve(program: Command, config: MaatConfig): void {
  withLockOptions(withRequestOptions(program.command("resolve")), { stacks: false })
    .description("resolve requirements newest-first, as pip does, or explain why they cannot be; prints a requirements file (exit 0; 1: no stack; 2: bad input)")
    .option("--scenario <file.toml>", "resolve a packse scenario: its root, options, environment and packages")
    .action(async (reqs: string[], flags: ResolveFlags) => {
      const { runResolve } = await import("./resolve-run.js");
      process.exitCode = await runResolve(reqs, flags, config);
    });
}

