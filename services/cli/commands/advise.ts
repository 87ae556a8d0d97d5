import type { Command } from "commander";
import { collect } from "../request-options.js";
import type { AdviseFlags } from "./advise-run.js";

export function registerAdvise(program: Command): void {
  program
    .command("advise")
    .description("search the valid stacks for the best-scored ones and justify them")
    .argument("[req...]", "requirements (PEP 508)")
    .option("-r, --requirement <file>", "read requirements from a requirements file (repeatable)", collect)
    .option("-c, --constraint <file>", "constrain versions with a constraints file (repeatable)", collect)
    .option("--index <path|url>", "graph JSON file, folder of snapshots, or index URL (repeatable for URLs)", collect)
    .option("--python <X.Y[.Z]>", "target Python version (default 3.12)")
    .option("--platform <os>", "target platform: linux, macos or windows (default linux)")
    .option("--prereleases <policy>", "allow, disallow, if-necessary, if-necessary-or-explicit (default)")
    .option("--offline", "answer from the knowledge store only")
    .option("--recommendation <type>", "latest, stable (default), performance, security or testing")
    .option("--predictor <name>", "mcts (default), td, annealing, hill-climbing, random-walk, latest or exact")
    .option("--budget <n>", "stacks scored allowed (default 10000)")
    .option("--timeout <seconds>", "stop the search after this many seconds")
    .option("--count <k>", "how many stacks to return (default 3)")
    .option("--seed <s>", "seed of the search (default 0)")
    .option("--scores <file.json>", "user scores: {\"<project>\": {\"<version>\": <number>}}")
    .option("--advisories <dir>", "an OSV advisory folder in the PyPA layout (vulns/<project>/*.yaml)")
    .option("--prescriptions <path>", "Thoth prescriptions: a folder of YAML or a .tar.gz")
    .option("--format <format>", "text or json", "text")
    .action(async (reqs: string[], flags: AdviseFlags) => {
      const { runAdvise } = await import("./advise-run.js");
      process.exitCode = await runAdvise(reqs, flags);
    });
}
