import { statusDetails, type AdviseFinal, type AdviseProgress, type AdviseState, type AdviseStatus } from "../../adapters/grpc/index.js";
import type { Failure } from "../../core/failure/index.js";

/** One advise the coordinator knows: running, or finished and kept for GetAdvise. */
export interface AdviseEntry {
  readonly id: string;
  readonly state: AdviseState;
  readonly progress: AdviseProgress | null;
  readonly final: AdviseFinal | null;
  readonly error: Failure | null;
  /** Aborting it cancels the advise. */
  readonly controller: AbortController;
}

export interface AdviseRegistry {
  /** Registers a running advise. */
  add(id: string): AdviseEntry;
  get(id: string): AdviseEntry | undefined;
  progress(id: string, progress: AdviseProgress): void;
  /** Ends a running advise: done with its final event, or failed or cancelled with its error. */
  finish(id: string, end: { readonly state: "done"; readonly final: AdviseFinal } | { readonly state: "failed" | "cancelled"; readonly error: Failure }): void;
  /** Advises running now. */
  running(): readonly AdviseEntry[];
  /** The status GetAdvise answers. */
  status(entry: AdviseEntry): AdviseStatus;
}

/** Finished advises are kept, newest first, up to `keepFinished`; the oldest are forgotten. */
export function createAdviseRegistry(keepFinished = 1_000): AdviseRegistry {
  const entries = new Map<string, AdviseEntry>();
  const finished: string[] = [];
  const update = (id: string, change: Partial<AdviseEntry>) => {
    const entry = entries.get(id);
    if (entry) entries.set(id, { ...entry, ...change });
  };
  return {
    add(id) {
      if (entries.has(id)) throw new Error(`bug: advise id ${id} registered twice`);
      const entry: AdviseEntry = { id, state: "running", progress: null, final: null, error: null, controller: new AbortController() };
      entries.set(id, entry);
      return entry;
    },
    get: (id) => entries.get(id),
    progress(id, progress) {
      if (entries.get(id)?.state === "running") update(id, { progress });
    },
    finish(id, end) {
      if (entries.get(id)?.state !== "running") return;
      update(id, end.state === "done" ? { state: "done", final: end.final } : { state: end.state, error: end.error });
      finished.push(id);
      while (finished.length > keepFinished) entries.delete(finished.shift()!);
    },
    running: () => [...entries.values()].filter((e) => e.state === "running"),
    status(entry) {
      return {
        advise_id: entry.id, state: entry.state, progress: entry.progress, final: entry.final,
        error_code: entry.error?.code ?? "", error_message: entry.error === null ? "" : statusDetails(entry.error),
      };
    },
  };
}
