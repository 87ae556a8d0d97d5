import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => exitFlushed(code),
  (error: unknown) => {
    process.stderr.write(`maat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    exitFlushed(70);
  },
);

/**
 * Exits once stdout and stderr have handed everything written to the system: writes to a pipe may
 * be asynchronous, and exiting at once cuts the output at the pipe's buffer (64 KiB) when the
 * reader is slower than the report. A reader that went away (EPIPE, `maat ... | head`) is not an error.
 */
function exitFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", done);
    stream.write("", done);
  }
}
