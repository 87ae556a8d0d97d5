/** Snapshot catalog sources: graph JSON files, packse scenarios, folders of them. */
export { createSnapshotCatalog, type LazyProject, type ProjectReleases, type SnapshotCatalog } from "./snapshot-catalog.js";
export { readGraphJson, extrasIn } from "./graph-json.js";
export { parsePackseScenario, type PackseProject, type PackseResolverOptions, type PackseScenario, type PackseVersion } from "./packse-scenario.js";
export { packseCatalog, packseFiles, packseMetadata, escapeDistributionName } from "./packse-catalog.js";
export { withExtraMarker, markerSeparator } from "./extra-marker.js";
export { loadGraphFile, loadPackseScenario, loadSnapshot } from "./load-snapshot.js";
export { MAX_SNAPSHOT_BYTES, readSnapshotFile } from "./snapshot-file.js";
export { SnapshotFormatError } from "./snapshot-format-error.js";
