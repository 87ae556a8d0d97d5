/**
 * The `maat` executable: the one place where the three services meet. It parses the environment
 * once (MaatConfig) and runs the CLI's program over every command: the CLI's own, `maat serve`
 * (the coordinator's) and `maat worker` (the worker's). No service imports another. It exits only
 * after stdout and stderr drained: `process.exit` at once cuts a piped report at the pipe's buffer.
 */
import { cliCommands } from "./cli/commands/index.js";
import { exitAfterDrain, exitQuietlyOnClosedPipe } from "./cli/exit-after-drain.js";
import { main } from "./cli/main.js";
import { EXIT_CODES } from "./compose/command-failure.js";
import { readMaatConfig } from "./compose/maat-config.js";
import { registerServe } from "./coordinator/serve-command.js";
import { registerWorker } from "./worker/worker-command.js";

exitQuietlyOnClosedPipe();
main(process.argv.slice(2), [...cliCommands, registerServe, registerWorker], readMaatConfig(process.env)).then(
  (code) => exitAfterDrain(code),
  (error: unknown) => {
    process.stderr.write(`maat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return exitAfterDrain(EXIT_CODES.crashed);
  },
);
