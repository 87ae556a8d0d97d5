import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultStorePath } from "./default-store-path.js";
import { openKnowledgeStore, type StoredPage } from "./knowledge-store.js";
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "maat-store-"));
  dirs.push(dir);
  return join(dir, "sub", "knowledge.sqlite");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const page: StoredPage = {
  indexUrl: "http://127.0.0.1:1/simple/",
  name: "six",
  etag: '"abc"',
  fetchedAt: "2024-01-01T00:00:00.000Z",
  files: [{ filename: "six-1.0.tar.gz", url: "http://127.0.0.1:1/f/six-1.0.tar.gz", hashes: { sha256: "00" }, requiresPython: null, yanked: false, uploadTime: null, metadataHashes: { sha256: "11" } }],
};

describe("knowledge store", () => {
  it("creates the file, stores pages and metadata, and keeps them across reopening", () => {
    const path = tempPath();
    const { store, warnings } = openKnowledgeStore(path);
    expect(warnings).toEqual([]);
    store.putPage(page);
    store.putMetadata({ status: "found", indexUrl: page.indexUrl, name: "six", version: "1.0", source: "metadata-file", fetchedAt: page.fetchedAt,
      metadata: { requiresDist: ['a; extra == "x"'], requiresPython: ">=3.8", providesExtra: ["x"] } });
    store.putMetadata({ status: "invalid", indexUrl: page.indexUrl, name: "six", version: "2.0", source: "json-api", fetchedAt: page.fetchedAt, reason: "bad" });
    store.touchPage(page.indexUrl, "six", "2025-01-01T00:00:00.000Z");
    store.close();
    const again = openKnowledgeStore(path);
    expect(again.warnings).toEqual([]);
    expect(again.store.page(page.indexUrl, "six")).toEqual({ ...page, fetchedAt: "2025-01-01T00:00:00.000Z" });
    expect(again.store.page(page.indexUrl, "other")).toBeNull();
    const m = again.store.metadata(page.indexUrl, "six", "1.0");
    expect(m?.status === "found" && m.metadata.requiresDist).toEqual(['a; extra == "x"']);
    expect(again.store.metadata(page.indexUrl, "six", "2.0")).toMatchObject({ status: "invalid", reason: "bad" });
    expect(again.store.counts()).toEqual({ pages: 1, metadata: 2 });
    again.store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("migrates a store of schema version 1 in order and keeps its data", () => {
    const path = tempPath();
    openKnowledgeStore(path).store.close(); // creates the directory
    rmSync(path);
    const old = new Database(path);
    old.exec(MIGRATIONS[0]);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.pragma("user_version = 1");
    old.prepare("INSERT INTO metadata VALUES (?, ?, ?, ?, ?, ?, ?)").run("u/", "six", "1.0", '["b"]', null, "[]", "t");
    old.close();
    const { store, warnings } = openKnowledgeStore(path);
    expect(warnings).toEqual([]);
    expect(store.metadata("u/", "six", "1.0")).toEqual({ status: "found", indexUrl: "u/", name: "six", version: "1.0", source: "unknown", fetchedAt: "t",
      metadata: { requiresDist: ["b"], requiresPython: null, providesExtra: [] } });
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it("moves a garbage file aside and rebuilds, with a warning", () => {
    const path = tempPath();
    openKnowledgeStore(path).store.close();
    writeFileSync(path, "this is not a database, just text ".repeat(200));
    const { store, warnings } = openKnowledgeStore(path);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("is not an SQLite database");
    expect(warnings[0]).toContain(`${path}.corrupt-1`);
    expect(readFileSync(`${path}.corrupt-1`, "utf8")).toContain("this is not a database");
    store.putPage(page);
    expect(store.page(page.indexUrl, "six")?.etag).toBe('"abc"');
    store.close();
  });

  it("moves a truncated store aside", () => {
    const path = tempPath();
    const { store } = openKnowledgeStore(path);
    for (let i = 0; i < 300; i++) store.putPage({ ...page, name: `p${i}`, files: Array(20).fill(page.files[0]) });
    store.close();
    const raw = new Database(path);
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.pragma("journal_mode = DELETE");
    raw.close();
    for (const suffix of ["-wal", "-shm"]) rmSync(path + suffix, { force: true });
    truncateSync(path, 8192 + 50);
    const again = openKnowledgeStore(path);
    expect(again.warnings[0]).toMatch(/damaged|not an SQLite/);
    expect(existsSync(`${path}.corrupt-1`)).toBe(true);
    expect(again.store.counts()).toEqual({ pages: 0, metadata: 0 });
    again.store.close();
  });

  it("moves a foreign SQLite file aside, numbering the copies", () => {
    const path = tempPath();
    openKnowledgeStore(path).store.close();
    for (const n of [1, 2]) {
      rmSync(path);
      const foreign = new Database(path);
      foreign.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)");
      foreign.close();
      const { store, warnings } = openKnowledgeStore(path);
      expect(warnings[0]).toContain("foreign SQLite database");
      expect(warnings[0]).toContain("accounts");
      expect(warnings[0]).toContain(`.corrupt-${n}`);
      store.close();
    }
  });

  it("does not trust a store written by a newer schema", () => {
    const path = tempPath();
    openKnowledgeStore(path).store.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const { store, warnings } = openKnowledgeStore(path);
    expect(warnings[0]).toContain("newer");
    store.close();
  });

  it("defaults to XDG_CACHE_HOME, else ~/.cache", () => {
    expect(defaultStorePath({ XDG_CACHE_HOME: "/x/cache" }, "/home/u")).toBe("/x/cache/maat/knowledge.sqlite");
    expect(defaultStorePath({}, "/home/u")).toBe("/home/u/.cache/maat/knowledge.sqlite");
    expect(defaultStorePath({ XDG_CACHE_HOME: "relative" }, "/home/u")).toBe("/home/u/.cache/maat/knowledge.sqlite");
  });
});
