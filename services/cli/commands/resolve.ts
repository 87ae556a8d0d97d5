import type { Command } from "commander";
import { collect } from "../request-options.js";
import type { ResolveFlags } from "./resolve-run.js";

export function registerResolve(program: Command): void {
  program
    .command("resolve")
    .description("resolve requirements newest-first, as pip does, or explain why they cannot be")
    .argument("[req...]", "requirements (PEP 508)")
    .option("-r, --requirement <file>", "read requirements from a requirements file (repeatable)", collect)
    .option("-c, --constraint <file>", "constrain versions with a constraints file (repeatable)", collect)
    .option("--index <path|url>", "graph JSON file, folder of snapshots, or index URL (repeatable for URLs)", collect)
    .option("--scenario <file.toml>", "resolve a packse scenario: its root, options, environment and packages")
    .option("--python <X.Y[.Z]>", "target Python version (default 3.12)")
    .option("--platform <os>", "target platform: linux, macos or windows (default linux)")
    .option("--prereleases <policy>", "allow, disallow, if-necessary, if-necessary-or-explicit (default)")
    .option("--offline", "answer from the knowledge store only")
    .option("--format <format>", "text or json", "text")
    .action(async (reqs: string[], flags: ResolveFlags) => {
      const { runResolve } = await import("./resolve-run.js");
      process.exitCode = await runResolve(reqs, flags);
    });
}

