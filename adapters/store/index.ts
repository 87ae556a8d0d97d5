/** The embedded SQLite knowledge store; it fills adapters/pypi's IndexCache port. */
export { openKnowledgeStore, type KnowledgeStore, type OpenedStore, type StoredFile, type StoredMetadata, type StoredPage, type MetadataSource } from "./knowledge-store.js";
export { defaultStorePath } from "./default-store-path.js";
export { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";
