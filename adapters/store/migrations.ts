/**
 * The knowledge store's schema, as migrations applied in order. `PRAGMA user_version` holds the
 * number of migrations applied; migration i (0-based) brings a store from version i to i + 1.
 * Never edit a published migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: project pages and metadata records.
  `CREATE TABLE project_page (
     index_url  TEXT NOT NULL,
     name       TEXT NOT NULL,
     etag       TEXT,
     fetched_at TEXT NOT NULL,
     files_json TEXT NOT NULL,
     PRIMARY KEY (index_url, name)
   );
   CREATE TABLE metadata (
     index_url        TEXT NOT NULL,
     name             TEXT NOT NULL,
     version          TEXT NOT NULL,
     requires_dist    TEXT NOT NULL,
     requires_python  TEXT,
     provides_extra   TEXT NOT NULL,
     fetched_at       TEXT NOT NULL,
     PRIMARY KEY (index_url, name, version)
   );`,
  // 2: invalid metadata is remembered too (with the reason), and where a record came from.
  `ALTER TABLE metadata ADD COLUMN status TEXT NOT NULL DEFAULT 'found';
   ALTER TABLE metadata ADD COLUMN reason TEXT;
   ALTER TABLE metadata ADD COLUMN source TEXT NOT NULL DEFAULT 'unknown';
   CREATE INDEX metadata_by_name ON metadata (name);`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** `PRAGMA application_id` of a Maat knowledge store: "MAAT" in ASCII. */
export const APPLICATION_ID = 0x4d414154;

/** The tables a store of the current version holds; anything else in the file makes it foreign. */
export const OUR_TABLES: readonly string[] = ["metadata", "project_page"];
