import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { deserialize, serialize } from "node:v8";
import { parse as parseYaml } from "yaml";
import {
  describePrescriptionIssue,
  validatePrescriptionDocument,
  type PrescriptionHeader,
  type PrescriptionIssue,
  type PrescriptionUnit,
} from "../../core/prescription/index.js";
import { parseBlockYaml } from "./block-yaml.js";
import { createInterner } from "./intern-values.js";
import { MAX_ENTRY_BYTES, readTarGzEntries } from "./tar-gz-entries.js";

/** The largest prescriptions archive read (Thoth's whole set is about 3 MB). */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/** Bump when the model or the validation changes, so that old caches are not read. */
const CACHE_FORMAT = "maat-prescriptions-2";

export interface LoadPrescriptionsOptions {
  /** Any issue fails the load instead of skipping the unit or file. */
  readonly strict?: boolean;
  /** Folder for the compiled cache; none: no cache. */
  readonly cacheDir?: string;
  /** Files read so far, every 1,000 files while the YAML is read (not when the cache answers). */
  readonly onFiles?: (files: number) => void;
  /** Aborting it stops the reading at the next file (an advise whose client left). */
  readonly signal?: AbortSignal;
}

export interface PrescriptionSet {
  /** YAML files read. */
  readonly files: number;
  /** Units declared in them, valid or not. */
  readonly declaredUnits: number;
  readonly units: readonly PrescriptionUnit[];
  readonly issues: readonly PrescriptionIssue[];
  readonly header?: PrescriptionHeader;
  /** Where the set came from this time. */
  readonly source: "yaml" | "cache";
}

export type PrescriptionLoad =
  | { readonly ok: true; readonly value: PrescriptionSet }
  | { readonly ok: false; readonly error: string; readonly issues: readonly PrescriptionIssue[] };

type Compiled = Omit<PrescriptionSet, "source">;

/**
 * Loads Thoth prescriptions from a folder of YAML files or a `.tar.gz` of one (streamed, never
 * extracted). Invalid files and units are reported as issues and skipped, or fail the load with
 * `strict`; a source without any YAML file is an error. With `cacheDir`, the validated set is stored keyed by the input's size, mtime and
 * content hash, and read back on the next load.
 */
export async function loadPrescriptions(path: string, options: LoadPrescriptionsOptions = {}): Promise<PrescriptionLoad> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { ok: false, error: `${path}: no such file or folder`, issues: [] };
  }
  const isArchive = stat.isFile();
  if (!isArchive && !stat.isDirectory()) return { ok: false, error: `${path}: expected a folder or a .tar.gz archive, not a FIFO, socket or device`, issues: [] };
  if (isArchive && !/\.(tar\.gz|tgz)$/.test(path)) return { ok: false, error: `${path}: expected a folder or a .tar.gz archive`, issues: [] };
  if (isArchive && stat.size > MAX_ARCHIVE_BYTES) return { ok: false, error: `${path}: ${stat.size} bytes, over the ${MAX_ARCHIVE_BYTES}-byte limit per prescriptions archive`, issues: [] };
  const folderFiles = isArchive ? [] : listYamlFiles(path);
  const key = isArchive ? archiveKey(path, stat.size, stat.mtimeMs) : folderKey(path, folderFiles);
  const cacheFile = options.cacheDir === undefined ? undefined : join(options.cacheDir, `prescriptions-${key.slice(0, 24)}.v8`);

  let compiled: Compiled | undefined = cacheFile === undefined ? undefined : readCache(cacheFile, key);
  const source = compiled === undefined ? "yaml" : "cache";
  if (compiled === undefined) {
    try {
      compiled = isArchive ? await compileArchive(path, options.onFiles, options.signal) : await compileFolder(path, folderFiles, options.onFiles, options.signal);
    } catch (error) {
      return { ok: false, error: (error as Error).message, issues: [] };
    }
    if (compiled.files === 0) {
      return { ok: false, error: `${path}: no prescriptions found: looked for YAML files (*.yaml, *.yml) at any depth of the ${isArchive ? "archive" : "folder"}`, issues: [] };
    }
    if (cacheFile !== undefined) writeCache(cacheFile, key, compiled);
  }
  if (options.strict && compiled.issues.length > 0) {
    return { ok: false, error: `${compiled.issues.length} issue(s); first: ${describePrescriptionIssue(compiled.issues[0])}`, issues: compiled.issues };
  }
  return { ok: true, value: { ...compiled, source } };
}

function createCompiler(): { add(file: string, text: string): void; result(): Compiled } {
  const units: PrescriptionUnit[] = [];
  const issues: PrescriptionIssue[] = [];
  let files = 0;
  let declaredUnits = 0;
  let header: PrescriptionHeader | undefined;
  const interner = createInterner();
  return {
    add(file, text) {
      files += 1;
      let doc = parseBlockYaml(text);
      if (doc === undefined) {
        try {
          doc = parseYaml(text, { merge: true });
        } catch (error) {
          issues.push({ file, path: "", reason: `YAML syntax: ${(error as Error).message.split("\n")[0]}`, construct: "YAML syntax", severity: "invalid" });
          return;
        }
      }
      const v = validatePrescriptionDocument(doc, file);
      declaredUnits += v.declaredUnits;
      for (const u of v.units) units.push(interner.intern(u));
      for (const i of v.issues) issues.push(i);
      if (v.header !== undefined) header = v.header;
    },
    result: () => ({ files, declaredUnits, units, issues, ...(header === undefined ? {} : { header }) }),
  };
}

const isYaml = (p: string): boolean => p.endsWith(".yaml") || p.endsWith(".yml");

/**
 * The event loop runs (a cancellation, health, metrics) at least every YIELD_MS of reading: a
 * count of files would hold it longer on a slow machine (100 files were up to 150 ms on 2 loaded cores).
 */
const YIELD_MS = 20;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Yields to the event loop once YIELD_MS have passed since the last yield. */
function createYielder(): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < YIELD_MS) return undefined;
    last = now;
    return yieldToLoop();
  };
}

function throwIfAborted(path: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error(`${path}: reading stopped: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted")}`);
}

async function compileArchive(path: string, onFiles?: (files: number) => void, signal?: AbortSignal): Promise<Compiled> {
  const compiler = createCompiler();
  let files = 0;
  const pause = createYielder();
  for await (const entry of readTarGzEntries(path)) {
    await pause();
    throwIfAborted(path, signal);
    if (!isYaml(entry.path)) continue;
    compiler.add(entry.path, entry.content.toString("utf8"));
    if (++files % 1000 === 0) onFiles?.(files);
  }
  return compiler.result();
}

async function compileFolder(root: string, files: readonly string[], onFiles?: (files: number) => void, signal?: AbortSignal): Promise<Compiled> {
  const compiler = createCompiler();
  const pause = createYielder();
  for (const [i, f] of files.entries()) {
    await pause();
    throwIfAborted(root, signal);
    const size = statSync(f).size;
    if (size > MAX_ENTRY_BYTES) throw new Error(`${f}: ${size} bytes, over the ${MAX_ENTRY_BYTES}-byte limit per prescription file`);
    compiler.add(relative(root, f), readFileSync(f, "utf8"));
    if ((i + 1) % 1000 === 0) onFiles?.(i + 1);
  }
  return compiler.result();
}

function listYamlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isYaml(e.name)) out.push(p);
    }
  };
  walk(root);
  return out;
}

function archiveKey(path: string, size: number, mtimeMs: number): string {
  const h = createHash("sha256").update(`${CACHE_FORMAT}\0${size}\0${mtimeMs}\0`);
  h.update(readFileSync(path));
  return h.digest("hex");
}

function folderKey(root: string, files: readonly string[]): string {
  const h = createHash("sha256").update(`${CACHE_FORMAT}\0`);
  for (const f of files) {
    const s = statSync(f);
    h.update(`${relative(root, f)}\0${s.size}\0${s.mtimeMs}\0`);
  }
  return h.digest("hex");
}

function readCache(file: string, key: string): Compiled | undefined {
  try {
    const data = deserialize(readFileSync(file)) as { key?: string; compiled?: Compiled };
    return data.key === key ? data.compiled : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, key: string, compiled: Compiled): void {
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize({ key, compiled }));
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next load its speed.
  }
}
