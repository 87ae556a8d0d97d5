import { createRequire } from "node:module";
import type { Command } from "commander";
import { CommandFailure, exitCodeOf } from "../compose/command-failure.js";
import type { MaatConfig } from "../compose/maat-config.js";
import { UsageError } from "./usage-error.js";
import { MAAT_VERSION } from "./version.js";

// commander through require(): imported as an ES module, Node first scans its CommonJS source for
// the names it exports (cjs-module-lexer): 164 -> 146 ms of CPU for loading it (docs/benchmarks.md).
const commander = createRequire(import.meta.url)("commander") as typeof import("commander");

/** Adds one `maat` subcommand to the program. */
export type RegisterCommand = (program: Command, config: MaatConfig) => void;

/** `maat`: the command-line program over the commands it is given (services/maat.ts lists them). */
export async function main(argv: readonly string[], commands: readonly RegisterCommand[], config: MaatConfig): Promise<number> {
  const program = new commander.Command("maat")
    .description("Maat: finds the best-scored installable Python software stack")
    .version(MAAT_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program, config);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof commander.CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CommandFailure) {
      process.stderr.write(`maat: ${error.message}\n`);
      return exitCodeOf(error.failure.code);
    }
    throw error;
  }
}

export { UsageError };
