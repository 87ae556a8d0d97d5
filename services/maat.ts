/**
 * The `maat` executable: the one place where the three services meet. It parses the environment
 * once (MaatConfig) and runs the CLI's program over every command: the CLI's own, `maat serve`
 * (the coordinator's) and `maat worker` (the worker's). No service imports another. It exits only
 * after stdout and stderr drained: `process.exit` at once cuts a piped report at the pipe's buffer.
 */
import { cliCommandLoaders, commandsFor } from "./cli/commands/command-loaders.js";
import { exitAfterDrain, exitQuietlyOnClosedPipe } from "./cli/exit-after-drain.js";
import { main } from "./cli/main.js";
import { EXIT_CODES } from "./compose/command-failure.js";
import { readMaatConfig } from "./compose/maat-config.js";

// Only the module of the command being run is loaded (all of them for help): start-up time.
const loaders = [
  ...cliCommandLoaders,
  { name: "serve", load: async () => (await import("./coordinator/serve-command.js")).registerServe },
  { name: "worker", load: async () => (await import("./worker/worker-command.js")).registerWorker },
];
const argv = process.argv.slice(2);

exitQuietlyOnClosedPipe();
main(argv, await commandsFor(argv, loaders), readMaatConfig(process.env)).then(
  (code) => exitAfterDrain(code),
  (error: unknown) => {
    process.stderr.write(`maat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return exitAfterDrain(EXIT_CODES.crashed);
  },
);
