/**
 * loadAdvisories in a thread of its own (issue 15 item 4): reading and parsing a large advisory
 * folder (the PyPA database: 2,663 files, about 3 s; one 4 MiB file alone about 2 s) never holds
 * the event loop, so health and metrics answer meanwhile, and a load whose reason went away (the
 * signal: a client that left, a deadline that passed) stops at once: the thread is terminated,
 * its CPU released. The thread has a heap limit: a folder too large to index fails the load with
 * an error naming the folder and the limit, not the process.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AdvisoryLoad } from "./load-advisories.js";

export interface OffLoopOptions {
  readonly strict?: boolean;
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** The thread's heap limit (V8 old generation), MB. */
  readonly heapMb?: number;
}

/** The default heap limit of a loading thread: the PyPA database indexes in well under 200 MB. */
export const ADVISORY_THREAD_HEAP_MB = 1024;

/** The compiled thread module: the sibling .js, or dist's when imported from TypeScript source (vitest; build first). */
function threadModulePath(): string {
  const sibling = fileURLToPath(new URL("./advisory-thread.js", import.meta.url));
  if (existsSync(sibling)) return sibling;
  const compiled = fileURLToPath(new URL("../../dist/adapters/osv/advisory-thread.js", import.meta.url));
  if (existsSync(compiled)) return compiled;
  throw new Error(`the advisory thread module is missing: neither ${sibling} nor ${compiled} exists; build first with \`npx tsc -b\``);
}

const stopped = (root: string, signal: AbortSignal): AdvisoryLoad => ({
  ok: false, error: `${root}: reading stopped: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted")}`,
});

export function loadAdvisoriesOffLoop(root: string, options: OffLoopOptions = {}): Promise<AdvisoryLoad> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve(stopped(root, signal));
  const heapMb = options.heapMb ?? ADVISORY_THREAD_HEAP_MB;
  return new Promise<AdvisoryLoad>((resolve) => {
    let settled = false;
    const worker = new Worker(threadModulePath(), {
      workerData: { root, strict: options.strict, cacheDir: options.cacheDir },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: false, stderr: false,
    });
    const settle = (load: AdvisoryLoad) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      resolve(load);
    };
    const onAbort = () => settle(stopped(root, signal!));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (load: AdvisoryLoad) => settle(load));
    worker.once("error", (e: Error & { code?: string }) => settle({
      ok: false,
      error: e.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? `${root}: reading the advisories needs more than the ${heapMb} MB heap limit of the loading thread`
        : `${root}: reading the advisories failed: ${e.message}`,
    }));
    worker.once("exit", (code) => settle({ ok: false, error: `${root}: the advisory loading thread ended (exit code ${code}) without an answer` }));
  });
}
