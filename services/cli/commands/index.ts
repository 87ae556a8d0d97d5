import type { RegisterCommand } from "../main.js";
import { registerAdvise } from "./advise.js";
import { registerCount } from "./count.js";
import { registerExperiment } from "./experiment.js";
import { registerMirror } from "./mirror.js";
import { registerPrescriptions } from "./prescriptions.js";
import { registerResolve } from "./resolve.js";
import { registerSample } from "./sample.js";
import { registerUpdate } from "./update.js";

/** The CLI's own `maat` subcommands, in help order; each module adds one with `register(program, config)`. */
export const cliCommands: readonly RegisterCommand[] = [registerAdvise, registerResolve, registerCount, registerExperiment, registerMirror, registerPrescriptions, registerUpdate, registerSample];
