/**
 * The thread that reads an advisory folder (load-advisories-off-loop.ts starts one per load): the
 * same loadAdvisories, off the event loop, its index posted back (structured clone keeps the
 * advisories shared between projects shared).
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadAdvisories } from "./load-advisories.js";

const { root, strict, cacheDir } = workerData as { root: string; strict?: boolean; cacheDir?: string };
parentPort?.postMessage(loadAdvisories(root, { strict, cacheDir }));
