import { exitAfterDrain, exitQuietlyOnClosedPipe } from "./exit-after-drain.js";
import { main } from "./main.js";

exitQuietlyOnClosedPipe();
main(process.argv.slice(2)).then(
  (code) => exitAfterDrain(code),
  (error: unknown) => {
    process.stderr.write(`maat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return exitAfterDrain(70);
  },
);
