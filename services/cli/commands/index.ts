import type { Command } from "commander";
import { registerAdvise } from "./advise.js";
import { registerCount } from "./count.js";
import { registerExperiment } from "./experiment.js";
import { registerMirror } from "./mirror.js";
import { registerPrescriptions } from "./prescriptions.js";
import { registerResolve } from "./resolve.js";
import { registerServe } from "../../coordinator/serve-command.js";
import { registerWorker } from "../../worker/worker-command.js";

/** Every `maat` subcommand; each module adds one with `register(program)`. */
export const commands: readonly ((program: Command) => void)[] = [registerAdvise, registerResolve, registerCount, registerExperiment, registerMirror, registerPrescriptions, registerServe, registerWorker];
