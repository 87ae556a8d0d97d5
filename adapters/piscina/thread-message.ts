import type { RunnerFailureCode } from "../../core/rollout/index.js";
import type { RequestBatch } from "./request-batch.js";
import type { ResultBatch } from "./result-batch.js";
import type { SharedRules } from "./shared-graph.js";

/** What the pool posts to a thread (one message): the graph's shared bytes (shared, not copied) and its packed requests. */
export interface ThreadMessage {
  readonly hash: string;
  readonly bytes: SharedArrayBuffer;
  readonly batch: RequestBatch;
  /** Stack rules to judge every stack with where it is found (shared, not copied); absent: none. */
  readonly rules?: SharedRules;
}

/** What a thread answers to a message: results, or a failure as `{code, message}` data; with the thread's id and graph decodes so far. */
export type ThreadAnswer =
  | { readonly ok: true; readonly results: ResultBatch; readonly thread: number; readonly decodes: number }
  | { readonly ok: false; readonly error: { readonly code: RunnerFailureCode; readonly message: string }; readonly thread: number; readonly decodes: number };
