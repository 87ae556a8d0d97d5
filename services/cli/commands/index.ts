import type { Command } from "commander";
import { registerMirror } from "./mirror.js";
import { registerPrescriptions } from "./prescriptions.js";

/** Every `maat` subcommand; each module adds one with `register(program)`. */
export const commands: readonly ((program: Command) => void)[] = [registerMirror, registerPrescriptions];
