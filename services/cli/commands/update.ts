import type { Command } from "commander";
import type { MaatConfig } from "../../compose/maat-config.js";
import { collect, withRequestOptions } from "../request-flags.js";
import type { UpdateFlags } from "./update-run.js";

export function registerUpdate(program: Command, config: MaatConfig): void {
  const command = program.command("update")
    .description("audit a lock (advisories, and the prescriptions that flag each locked version) and propose the smallest safe update and the full update, "
      + "as a Markdown table for a pull request (package, old, new, dev, why, score delta, justification) or JSON; score delta: the package's part of the advised "
      + "stack's score (maat advise's objective), new minus old (exit 0: nothing to do; 1: updates proposed; 2: bad input)")
    .argument("<project-file>", "the project file the lock was made from: pyproject.toml, Pipfile, requirements.txt (or .in), or a notebook holding both");
  withRequestOptions(command, { requirements: false })
    .option("--lock <file>", "the lock to audit and update: requirements.txt, pylock.toml, Pipfile.lock, or a notebook (default: the notebook itself)")
    .option("--only <package>", "change only this locked package (and what it needs); every other pin is kept, as uv lock -P (repeatable)", collect)
    .option("--write", "rewrite the lock in its own format with the smallest safe update (with --full: the full update)")
    .option("--full", "--write the full update (the advised stack) instead of the smallest safe update")
    .option("--advisories <dir>", "OSV advisories: a clone of the PyPA advisory database, its vulns/ folder, or a folder of OSV files")
    .option("--prescriptions <path>", "Thoth prescriptions: a folder of YAML or a .tar.gz; the audit lists the units that remove, reject, penalise, skip or warn about each locked version")
    .option("--recommendation <type>", "the full update's recommendation type: latest, stable (default), performance, security or testing")
    .option("--predictor <name>", "the search for both updates (default: exact for the smallest safe update, proving it smallest; mcts for the full update)")
    .option("--budget <n>", "stacks scored allowed (default 10000)")
    .option("--timeout <seconds>", "stop each search after this many seconds")
    .option("--seed <s>", "seed of the search (default 0)")
    .option("--weight <name=w>", "weight of an objective term of the score (recency, advisories, scores, prescriptions), as maat advise (repeatable)", collect)
    .action(async (projectFile: string, flags: UpdateFlags) => {
      const { runUpdate } = await import("./update-run.js");
      process.exitCode = await runUpdate(projectFile, flags, config);
    });
}
