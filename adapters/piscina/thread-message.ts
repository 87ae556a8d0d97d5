import type { RunnerFailureCode } from "../../core/rollout/index.js";
import type { RequestBatch } from "./request-batch.js";
import type { ResultBatch } from "./result-batch.js";

/** What the pool posts to a thread (one message): the graph's shared bytes (shared, not copied) and its packed requests. */
export interface ThreadMessage {
  readonly hash: string;
  readonly bytes: SharedArrayBuffer;
  readonly batch: RequestBatch;
}

/** What a thread answers to a message: results, or a failure as `{code, message}` data; with the thread's id and graph decodes so far. */
export type ThreadAnswer =
  | { readonly ok: true; readonly results: ResultBatch; readonly thread: number; readonly decodes: number }
  | { readonly ok: false; readonly error: { readonly code: RunnerFailureCode; readonly message: string }; readonly thread: number; readonly decodes: number };
