import type { Catalog } from "../../core/catalog/index.js";
import { invalidArgument, type Result } from "../../core/failure/index.js";
import { isIndexUrl, type ResolveRequest } from "../../core/request/index.js";

export interface JobCatalog {
  readonly catalog: Catalog;
  /** About the knowledge store (e.g. a store rebuilt); printed as warnings. */
  readonly warnings: readonly string[];
  close(): void;
}

/**
 * The catalog of a validated request (its indexes are one snapshot path, or index URLs): a
 * snapshot path (file or folder) opens a snapshot catalog; index URLs open the PyPI client over
 * the knowledge store at `storePath` (answering from it alone when `offline`). A snapshot that
 * cannot be read is an invalid-argument failure naming `indexes`.
 */
export async function openJobCatalog(request: Pick<ResolveRequest, "indexes" | "offline">, storePath: string): Promise<Result<JobCatalog>> {
  const { indexes } = request;
  if (!isIndexUrl(indexes[0])) {
    const { loadSnapshot, SnapshotFormatError } = await import("../../adapters/snapshot/index.js");
    try {
      return { ok: true, value: { catalog: loadSnapshot(indexes[0]), warnings: [], close: () => {} } };
    } catch (error) {
      if (error instanceof SnapshotFormatError) return { ok: false, error: invalidArgument(error.message, "indexes") };
      throw error;
    }
  }
  const { openKnowledgeStore } = await import("../../adapters/store/index.js");
  const { createPypiCatalog } = await import("../../adapters/pypi/index.js");
  const opened = openKnowledgeStore(storePath);
  const catalog = createPypiCatalog({ indexes, cache: opened.store, offline: request.offline });
  return { ok: true, value: { catalog, warnings: opened.warnings, close: () => opened.store.close() } };
}
