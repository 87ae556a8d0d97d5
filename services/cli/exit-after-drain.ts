/** How long a reader may take nothing from stdout or stderr before the process gives up on it and exits. */
export const STALL_LIMIT_MS = 600_000;

/** A stream as drain waits for it: process.stdout and process.stderr are ones. */
export interface DrainableStream {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Resolves once every byte written to `stream` so far has been handed to its reader (or the reader
 * went away: the write callback fires with EPIPE), or once the reader took nothing for `stallLimitMs`.
 * A slow reader is waited for as long as it keeps reading, as `cat` would be: exiting earlier cuts
 * the output at the pipe's buffer (64 KiB).
 */
export function drained(stream: DrainableStream, stallLimitMs = STALL_LIMIT_MS): Promise<"drained" | "stalled"> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve("drained");
  return new Promise((resolve) => {
    let pending = stream.writableLength;
    let lastProgress = Date.now();
    const watch = setInterval(() => {
      const now = Date.now();
      if (stream.writableLength !== pending) {
        pending = stream.writableLength;
        lastProgress = now;
      } else if (now - lastProgress >= stallLimitMs) {
        clearInterval(watch);
        resolve("stalled");
      }
    }, Math.min(1000, stallLimitMs));
    stream.write("", () => {
      clearInterval(watch);
      resolve("drained");
    });
  });
}

/**
 * Ends the process with `code` after stdout and stderr drained: `process.exit` right away would drop
 * what a pipe has not taken yet. A reader that closes early (`| head`) ends the process quietly.
 */
export async function exitAfterDrain(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/** A reader that closed its end (EPIPE) wants no more output: stop writing and end as a SIGPIPE would (141). */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(141);
      throw error;
    });
  }
}
