import type { Command } from "commander";

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options every request-taking command shares (resolve, advise, count): what, where from, for which target. */
export function withRequestOptions(command: Command): Command {
  return command
    .argument("[req...]", "requirements (PEP 508)")
    .option("-r, --requirement <file>", "read requirements from a requirements file (repeatable)", collect)
    .option("-c, --constraint <file>", "constrain versions with a constraints file (repeatable)", collect)
    .option("--index <path|url>", "graph JSON file, folder of snapshots, or index URL (repeatable for URLs)", collect)
    .option("--python <X.Y[.Z]>", "target Python version (default 3.12)")
    .option("--platform <os>", "target platform: linux, macos or windows, optionally with a machine: linux-aarch64 (default linux)")
    .option("--prereleases <policy>", "if-necessary (default: stable versions first, uv 0.12), explicit, allow, disallow; until 2026-12-03: if-necessary-or-explicit (then the default), legacy-if-necessary")
    .option("--offline", "answer from the knowledge store only")
    .option("--format <format>", "text or json", "text");
}
