import type { Catalog } from "../../../core/catalog/index.js";
import { compileGraph } from "../../../core/compile/index.js";
import type { CompiledGraph } from "../../../core/graph/index.js";
import { compileRequestOf } from "../../../core/request/index.js";
import { searchGraph } from "../../../core/resolution/index.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { openCatalog } from "../catalog-source.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import type { ParsedRequest } from "../request-options.js";
import { UsageError } from "../usage-error.js";

/**
 * What `maat count` and `maat sample` share: the request's notes, its catalog opened (closed when
 * `use` ends), and the graph the search sees (searchGraph: only the prereleases the policy may
 * need). A compile error is a UsageError, with the offline hint when the default index was used.
 */
export async function withSearchGraph<T>(request: ParsedRequest, config: MaatConfig, use: (graph: CompiledGraph, catalog: Catalog) => Promise<T>): Promise<T> {
  for (const note of request.line.notes) process.stderr.write(`note: ${note}\n`);
  if (request.defaultIndex) process.stderr.write(`${defaultIndexNote(request.offline, config.storePath)}\n`);
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath: config.storePath });
  try {
    const compiled = await compileGraph(opened.catalog, compileRequestOf(request));
    if (!compiled.ok) {
      const offline = compiled.error.kind === "offline" && request.defaultIndex;
      throw new UsageError(offline ? `${compiled.error.message}\n${defaultIndexHint(request.offline)}` : compiled.error.message);
    }
    return await use(searchGraph(compiled.graph), opened.catalog);
  } finally {
    opened.close();
  }
}
