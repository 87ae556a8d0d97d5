import type { Command } from "commander";
import { collect } from "../request-options.js";
import type { RequestFlags } from "../request-options.js";

export function registerCount(program: Command): void {
  program
    .command("count")
    .description("count the valid stacks of a request exactly (memoized counting, not enumeration)")
    .argument("[req...]", "requirements (PEP 508)")
    .option("-r, --requirement <file>", "read requirements from a requirements file (repeatable)", collect)
    .option("-c, --constraint <file>", "constrain versions with a constraints file (repeatable)", collect)
    .option("--index <path|url>", "graph JSON file, folder of snapshots, or index URL (repeatable for URLs)", collect)
    .option("--python <X.Y[.Z]>", "target Python version (default 3.12)")
    .option("--platform <os>", "target platform: linux, macos or windows (default linux)")
    .option("--prereleases <policy>", "allow, disallow, if-necessary, if-necessary-or-explicit (default)")
    .option("--offline", "answer from the knowledge store only")
    .option("--format <format>", "text or json", "text")
    .action(async (reqs: string[], flags: RequestFlags) => {
      const { runCount } = await import("./count-run.js");
      process.exitCode = await runCount(reqs, flags);
    });
}
