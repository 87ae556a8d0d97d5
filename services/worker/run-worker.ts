/**
 * `maat worker` as a process: start, print the ready line, run until SIGTERM or SIGINT, then stop
 * gracefully (finish the batches in hand) within a deadline. A second signal exits at once.
 * Returns the exit code: 0 after a graceful stop, 1 when starting failed.
 */
import type { WorkerConfig } from "./config.js";
import { WorkerService } from "./worker-service.js";

export interface WorkerProcess {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Ends the process now (the stop deadline passed, or a second signal). */
  exit(code: number): void;
  /** Calls `handler` on SIGTERM and SIGINT; returns the function that removes it. */
  onSignal(handler: (signal: "SIGTERM" | "SIGINT") => void): () => void;
}

export interface RunWorkerOptions {
  /** Time a graceful stop may take before the process exits with 1. */
  readonly stopDeadlineMs?: number;
}

export const STOP_DEADLINE_MS = 30_000;
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** The line scripts and tests wait for. */
export function readyLine(config: WorkerConfig): string {
  return `maat worker ${config.workerId}: ${config.threads} threads, nats ${config.natsUrl}`;
}

export function processIo(): WorkerProcess {
  return {
    stdout: (line) => void process.stdout.write(`${line}\n`),
    stderr: (line) => void process.stderr.write(`${line}\n`),
    exit: (code) => process.exit(code),
    onSignal(handler) {
      const term = () => handler("SIGTERM");
      const int = () => handler("SIGINT");
      process.on("SIGTERM", term);
      process.on("SIGINT", int);
      return () => {
        process.off("SIGTERM", term);
        process.off("SIGINT", int);
      };
    },
  };
}

export async function runWorker(config: WorkerConfig, io: WorkerProcess, options: RunWorkerOptions = {}): Promise<number> {
  const log = (line: string) => io.stderr(`maat worker ${config.workerId}: ${line}`);
  const deadlineMs = options.stopDeadlineMs ?? STOP_DEADLINE_MS;
  let requested: "SIGTERM" | "SIGINT" | null = null;
  let service: WorkerService | null = null;
  let wake: () => void = () => {};
  const signalled = new Promise<void>((resolve) => { wake = resolve; });
  const removeHandler = io.onSignal((signal) => {
    if (requested !== null) {
      log(`second ${signal}: exiting now${service ? ` with ${service.inHand + service.ready} batches in hand (JetStream redelivers them)` : ""}`);
      io.exit(SIGNAL_EXIT[signal]);
      return;
    }
    requested = signal;
    wake();
  });
  try {
    const started = await WorkerService.start(config, { log });
    if (!started.ok) {
      log(`cannot start: ${started.error.message}`);
      return 1;
    }
    service = started.value;
    io.stdout(readyLine(config));
    if (service.metricsUrl !== null) log(`metrics on ${service.metricsUrl}`);
    await signalled;
    const ready = service.ready;
    log(`${requested}: stopping; finishing ${service.inHand} batches in hand${ready > 0 ? `, releasing ${ready} not started for another worker` : ""}`);
    const timer = setTimeout(() => {
      log(`did not stop within ${deadlineMs / 1000} s (${service?.inHand ?? 0} batches in hand); exiting`);
      io.exit(1);
    }, deadlineMs);
    try {
      await service.stop();
    } finally {
      clearTimeout(timer);
    }
    log("stopped");
    return 0;
  } finally {
    removeHandler();
  }
}
