import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";
import { UsageError } from "./usage-error.js";

/** `maat`: the command-line composition root. Each command registers itself from commands/. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("maat")
    .description("Maat: finds the best-scored installable Python software stack")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      process.stderr.write(`maat: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export { UsageError };
