import type { Catalog } from "../../core/catalog/index.js";
import { invalidArgument, type AdviseJobError } from "./advise-job-error.js";

export interface JobCatalog {
  readonly catalog: Catalog;
  /** About the knowledge store (e.g. a store rebuilt); printed as warnings. */
  readonly warnings: readonly string[];
  close(): void;
}

export type JobCatalogOutcome = { readonly ok: true; readonly value: JobCatalog } | { readonly ok: false; readonly error: AdviseJobError };

const isUrl = (index: string) => /^https?:\/\//.test(index);

/**
 * The catalog of a job: one snapshot path (file or folder) opens a snapshot catalog; index URLs open
 * the PyPI client over the knowledge store at `storePath` (answering from it alone when `offline`).
 */
export async function openJobCatalog(indexes: readonly string[], offline: boolean, storePath: string): Promise<JobCatalogOutcome> {
  const urls = indexes.filter(isUrl);
  const paths = indexes.filter((i) => !isUrl(i));
  if (indexes.length === 0) return { ok: false, error: invalidArgument("give a snapshot path or an index URL", "index") };
  if (urls.length > 0 && paths.length > 0) return { ok: false, error: invalidArgument("give snapshot paths or index URLs, not both", "index") };
  if (paths.length > 1) return { ok: false, error: invalidArgument("give one snapshot path (a file or a folder)", "index") };
  if (paths.length === 1) {
    const { loadSnapshot, SnapshotFormatError } = await import("../../adapters/snapshot/index.js");
    try {
      return { ok: true, value: { catalog: loadSnapshot(paths[0]), warnings: [], close: () => {} } };
    } catch (error) {
      if (error instanceof SnapshotFormatError) return { ok: false, error: invalidArgument(error.message, "index") };
      throw error;
    }
  }
  const { openKnowledgeStore } = await import("../../adapters/store/index.js");
  const { createPypiCatalog } = await import("../../adapters/pypi/index.js");
  const opened = openKnowledgeStore(storePath);
  const catalog = createPypiCatalog({ indexes: urls, cache: opened.store, offline });
  return { ok: true, value: { catalog, warnings: opened.warnings, close: () => opened.store.close() } };
}
