import type { Command } from "commander";
import { once, withProjectOptions } from "./project-flags.js";

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options every request-taking command shares (resolve, advise, count): what, where from, for which target. */
export function withRequestOptions(command: Command, options: { readonly requirements: boolean } = { requirements: true }): Command {
  if (options.requirements) command.argument("[req...]", "requirements (PEP 508) or project files (pyproject.toml, Pipfile, a notebook, a requirements file); none: the working directory's");
  command
    .option("-r, --requirement <file>", "read requirements from a project file: requirements.txt, pyproject.toml, Pipfile, a notebook (.ipynb) (repeatable)", collect)
    .option("-c, --constraint <file>", "constrain versions with a constraints file (repeatable)", collect)
    .option("--index <path|url>", "graph JSON file, folder of snapshots, or index URL (repeatable for URLs)", collect)
    .option("--python <X.Y[.Z]>", "target Python version (default: the project file's, else 3.12)", once)
    .option("--platform <tag>", "target platform tag: linux-x86_64 (default), linux-aarch64, macos-arm64, win-amd64, ... (marker values and wheel tags follow)", once)
    .option("--prereleases <policy>", "if-necessary (default: stable versions first, uv 0.12), explicit, allow, disallow; until 2026-12-03: if-necessary-or-explicit (then the default), legacy-if-necessary", once)
    .option("--offline", "answer from the knowledge store only")
    .option("--format <format>", "text or json", "text");
  return withProjectOptions(command);
}
