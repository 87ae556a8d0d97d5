/** The PyPI-compatible index client: the Catalog port over PEP 691/503 indexes, paired with the knowledge store (adapters/store) through IndexCache. */
export { createPypiCatalog, DEFAULT_INDEX_URL, SIMPLE_ACCEPT, type PypiCatalog, type PypiCatalogOptions } from "./pypi-catalog.js";
export { prefetchClosure, type PrefetchOptions, type PrefetchProblem, type PrefetchReport } from "./prefetch-closure.js";
export { createHttpClient, type HttpClient, type HttpOptions, type HttpOutcome, type HttpRequest } from "./http-client.js";
export type { CachedMetadata, CachedPage, IndexCache, IndexFile, MetadataSource } from "./index-cache.js";
export { DEFAULT_LIMITS, type IndexLimits } from "./limits.js";
export { parseCoreMetadata, type MetadataParse } from "./core-metadata.js";
export { parseSimpleHtml } from "./simple-html-page.js";
export { parseSimpleJson } from "./simple-json-page.js";
export { jsonApiUrl, parseJsonApiDocument } from "./json-api-document.js";
export { parseDistributionFilename, type ParsedFilename } from "./distribution-filename.js";
export { groupReleases, versionKey, type Release } from "./releases.js";
