import type { Catalog } from "../../core/catalog/index.js";
import { loadSnapshot, SnapshotFormatError } from "../../adapters/snapshot/index.js";
import { UsageError } from "./usage-error.js";

export interface CatalogChoice {
  /** Graph JSON file, folder of snapshots, packse TOML, or index URL(s). */
  readonly indexes: readonly string[];
  readonly offline: boolean;
  /** Knowledge store file for index URLs (CliConfig.storePath). */
  readonly storePath: string;
}

export interface OpenedCatalog {
  readonly catalog: Catalog;
  readonly warnings: readonly string[];
  close(): void;
}

/** A snapshot path opens a snapshot catalog; URLs open the PyPI client over the knowledge store. */
export async function openCatalog(choice: CatalogChoice): Promise<OpenedCatalog> {
  const urls = choice.indexes.filter((i) => /^https?:\/\//.test(i));
  const paths = choice.indexes.filter((i) => !/^https?:\/\//.test(i));
  if (urls.length > 0 && paths.length > 0) throw new UsageError("--index: give snapshot paths or index URLs, not both");
  if (paths.length > 1) throw new UsageError("--index: give one snapshot path (a file or a folder)");
  if (paths.length === 1) {
    try {
      return { catalog: loadSnapshot(paths[0]), warnings: [], close: () => {} };
    } catch (error) {
      if (error instanceof SnapshotFormatError) throw new UsageError(`--index: ${error.message}`);
      throw error;
    }
  }
  const { openKnowledgeStore } = await import("../../adapters/store/index.js");
  const { createPypiCatalog } = await import("../../adapters/pypi/index.js");
  const opened = openKnowledgeStore(choice.storePath);
  const catalog = createPypiCatalog({ indexes: urls.length > 0 ? urls : undefined, cache: opened.store, offline: choice.offline });
  return { catalog, warnings: opened.warnings, close: () => opened.store.close() };
}
