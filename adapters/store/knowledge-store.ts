/**
 * The embedded knowledge store (better-sqlite3): every project page and every metadata record a
 * PyPI-compatible index client fetched, so revalidation (ETag) and offline mode have something to
 * answer from. Paired with adapters/pypi, its only writer.
 *
 * A file that is not SQLite, is damaged, belongs to another application (application_id or tables
 * not ours) or was written by a newer schema is never trusted: it is moved aside to
 * `<file>.corrupt-<n>`, a fresh store is built in its place and the returned warnings say so.
 */
import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import type { CandidateMetadata, DistributionFile } from "../../core/catalog/index.js";
import { APPLICATION_ID, MIGRATIONS, OUR_TABLES, SCHEMA_VERSION } from "./migrations.js";

/** A distribution file as stored: the port's fields plus the PEP 658 hash of its metadata file. */
export interface StoredFile extends DistributionFile {
  readonly metadataHashes?: Readonly<Record<string, string>>;
  readonly yankedReason?: string | null;
}

export interface StoredPage {
  readonly indexUrl: string;
  /** PEP 503 normalized. */
  readonly name: string;
  readonly etag: string | null;
  /** ISO 8601. */
  readonly fetchedAt: string;
  readonly files: readonly StoredFile[];
}

export type MetadataSource = "metadata-file" | "json-api" | "unknown";

export type StoredMetadata =
  | { readonly status: "found"; readonly indexUrl: string; readonly name: string; readonly version: string; readonly metadata: CandidateMetadata; readonly source: MetadataSource; readonly fetchedAt: string }
  | { readonly status: "invalid"; readonly indexUrl: string; readonly name: string; readonly version: string; readonly reason: string; readonly source: MetadataSource; readonly fetchedAt: string };

export interface KnowledgeStore {
  readonly path: string;
  page(indexUrl: string, name: string): StoredPage | null;
  putPage(page: StoredPage): void;
  /** A 304 answer: the page is still current as of `fetchedAt`. */
  touchPage(indexUrl: string, name: string, fetchedAt: string): void;
  metadata(indexUrl: string, name: string, version: string): StoredMetadata | null;
  putMetadata(record: StoredMetadata): void;
  counts(): { readonly pages: number; readonly metadata: number };
  close(): void;
}

export interface OpenedStore {
  readonly store: KnowledgeStore;
  /** For people: what was found wrong with the file and where it was moved. Empty when all was well. */
  readonly warnings: readonly string[];
}

/** Opens (creating, migrating or rebuilding as needed) the store at `path`; `":memory:"` for a throwaway one. */
export function openKnowledgeStore(path: string): OpenedStore {
  const warnings: string[] = [];
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      const problem = inspect(path);
      if (problem !== null) {
        const aside = moveAside(path);
        warnings.push(`knowledge store ${path} ${problem}; moved aside to ${aside} and rebuilt empty`);
      }
    }
  }
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return { store: createStore(db, path), warnings };
}

/** Why the file cannot be trusted, or null when it is ours (possibly an older schema) or empty. */
function inspect(path: string): string | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") return `is damaged (quick_check: ${String(check).slice(0, 200)})`;
    const appId = Number(db.pragma("application_id", { simple: true }));
    const version = Number(db.pragma("user_version", { simple: true }));
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    if (appId === 0 && version === 0 && tables.length === 0) return null;
    if (appId !== APPLICATION_ID) {
      return `is a foreign SQLite database (application_id ${appId}, expected ${APPLICATION_ID}; tables: ${tables.join(", ") || "none"})`;
    }
    if (version > SCHEMA_VERSION) return `has schema version ${version}, newer than this Maat's ${SCHEMA_VERSION}`;
    if (version >= 1) {
      const missing = OUR_TABLES.filter((t) => !tables.includes(t));
      if (missing.length > 0) return `lacks its tables (${missing.join(", ")}) for schema version ${version}`;
    }
    return null;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "SQLITE_NOTADB") return "is not an SQLite database";
    if (code === "SQLITE_CORRUPT") return "is damaged (database disk image is malformed)";
    return `cannot be read as an SQLite database (${code ?? ""} ${(e as Error).message})`.replace("( ", "(");
  } finally {
    db?.close();
  }
}

function moveAside(path: string): string {
  let n = 1;
  while (existsSync(`${path}.corrupt-${n}`)) n++;
  const aside = `${path}.corrupt-${n}`;
  renameSync(path, aside);
  for (const suffix of ["-wal", "-shm"]) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

function migrate(db: Database.Database): void {
  const appId = Number(db.pragma("application_id", { simple: true }));
  if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
  let version = Number(db.pragma("user_version", { simple: true }));
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    const next = version + 1;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${next}`);
    })();
    version = next;
  }
}

interface PageRow { index_url: string; name: string; etag: string | null; fetched_at: string; files_json: string }
interface MetadataRow {
  index_url: string; name: string; version: string; requires_dist: string; requires_python: string | null;
  provides_extra: string; fetched_at: string; status: string; reason: string | null; source: string;
}

function createStore(db: Database.Database, path: string): KnowledgeStore {
  const getPage = db.prepare<[string, string], PageRow>("SELECT * FROM project_page WHERE index_url = ? AND name = ?");
  const upsertPage = db.prepare(
    `INSERT INTO project_page (index_url, name, etag, fetched_at, files_json) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (index_url, name) DO UPDATE SET etag = excluded.etag, fetched_at = excluded.fetched_at, files_json = excluded.files_json`);
  const touch = db.prepare("UPDATE project_page SET fetched_at = ? WHERE index_url = ? AND name = ?");
  const getMeta = db.prepare<[string, string, string], MetadataRow>("SELECT * FROM metadata WHERE index_url = ? AND name = ? AND version = ?");
  const upsertMeta = db.prepare(
    `INSERT INTO metadata (index_url, name, version, requires_dist, requires_python, provides_extra, fetched_at, status, reason, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (index_url, name, version) DO UPDATE SET requires_dist = excluded.requires_dist,
       requires_python = excluded.requires_python, provides_extra = excluded.provides_extra, fetched_at = excluded.fetched_at,
       status = excluded.status, reason = excluded.reason, source = excluded.source`);
  const countPages = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM project_page");
  const countMeta = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM metadata");
  let open = true;

  return {
    path,
    page(indexUrl, name) {
      const row = getPage.get(indexUrl, name);
      if (row === undefined) return null;
      return { indexUrl: row.index_url, name: row.name, etag: row.etag, fetchedAt: row.fetched_at, files: JSON.parse(row.files_json) as StoredFile[] };
    },
    putPage(page) {
      upsertPage.run(page.indexUrl, page.name, page.etag, page.fetchedAt, JSON.stringify(page.files));
    },
    touchPage(indexUrl, name, fetchedAt) {
      touch.run(fetchedAt, indexUrl, name);
    },
    metadata(indexUrl, name, version) {
      const row = getMeta.get(indexUrl, name, version);
      if (row === undefined) return null;
      const base = { indexUrl: row.index_url, name: row.name, version: row.version, fetchedAt: row.fetched_at, source: row.source as MetadataSource };
      if (row.status === "invalid") return { ...base, status: "invalid", reason: row.reason ?? "invalid metadata" };
      return {
        ...base,
        status: "found",
        metadata: {
          requiresDist: JSON.parse(row.requires_dist) as string[],
          requiresPython: row.requires_python,
          providesExtra: JSON.parse(row.provides_extra) as string[],
        },
      };
    },
    putMetadata(r) {
      const m = r.status === "found" ? r.metadata : { requiresDist: [], requiresPython: null, providesExtra: [] };
      upsertMeta.run(r.indexUrl, r.name, r.version, JSON.stringify(m.requiresDist), m.requiresPython, JSON.stringify(m.providesExtra),
        r.fetchedAt, r.status, r.status === "invalid" ? r.reason : null, r.source);
    },
    counts() {
      return { pages: countPages.get()?.n ?? 0, metadata: countMeta.get()?.n ?? 0 };
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}
