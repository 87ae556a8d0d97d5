import type { Command } from "commander";

/** Every `maat` subcommand; each module adds one with `register(program)`. */
export const commands: readonly ((program: Command) => void)[] = [];
