import type { Command } from "commander";
import { registerMirror } from "./mirror.js";
import { registerPrescriptions } from "./prescriptions.js";
import { registerResolve } from "./resolve.js";

/** Every `maat` subcommand; each module adds one with `register(program)`. */
export const commands: readonly ((program: Command) => void)[] = [registerResolve, registerMirror, registerPrescriptions];
