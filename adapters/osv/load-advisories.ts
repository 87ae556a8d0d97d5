import { readFileSync, statSync } from "node:fs";
import { parse } from "yaml";
import { advisoryFolderKey, readCachedAdvisories, writeCachedAdvisories } from "./advisory-cache.js";
import { ADVISORY_LAYOUTS, advisoryFiles } from "./advisory-files.js";
import type { Advisory, AdvisoryAffected, AdvisoryRange } from "../../core/advisory/index.js";
import { normalizeName } from "../../core/pep508/index.js";

export interface AdvisoryIssue {
  readonly file: string;
  readonly reason: string;
}

export interface AdvisoryIndex {
  /** The folder read: the one given, or its `vulns/` when it is a clone of the PyPA advisory database. */
  readonly folder: string;
  /** Normalized project name -> advisories affecting it (withdrawn ones left out). */
  readonly byProject: ReadonlyMap<string, readonly Advisory[]>;
  /** Advisory files read. */
  readonly files: number;
  /** Advisories in the index: valid, not withdrawn. */
  readonly advisories: number;
  readonly withdrawn: number;
  /** The newest `modified` time of the advisories read (OSV, RFC 3339): how recent the snapshot is; null when none says. */
  readonly newestModified: string | null;
  readonly issues: readonly AdvisoryIssue[];
}

export type AdvisoryLoad = { readonly ok: true; readonly value: AdvisoryIndex } | { readonly ok: false; readonly error: string };


/**
 * Reads an OSV advisory folder into a per-project index: the PyPA advisory database's `vulns/`
 * (`<root>/<project>/*.yaml`), a clone of the database (the folder holding `vulns/`), or a flat
 * folder of OSV files. Invalid files are reported with the reason and skipped, or fail the load
 * with `strict`. A folder that yields no advisory is an error naming it and what was looked for.
 */
export function loadAdvisories(root: string, options: { readonly strict?: boolean; readonly cacheDir?: string } = {}): AdvisoryLoad {
  try {
    if (!statSync(root).isDirectory()) return { ok: false, error: `${root}: not a folder` };
  } catch {
    return { ok: false, error: `${root}: no such folder` };
  }
  const { folder, files } = advisoryFiles(root);
  if (files.length === 0) return { ok: false, error: `${root}: no advisories found: looked for ${ADVISORY_LAYOUTS}` };
  const load = (): AdvisoryLoad => nonEmpty(root, readFiles(folder, files, options.strict ?? false));
  if (options.cacheDir === undefined) return load();
  const key = advisoryFolderKey(folder, files);
  const cached = readCachedAdvisories(options.cacheDir, key);
  if (cached !== null && !(options.strict && cached.issues.length > 0)) return nonEmpty(root, { ok: true, value: cached });
  const read = load();
  if (read.ok) writeCachedAdvisories(options.cacheDir, key, read.value);
  return read;
}

/** A load that found files but no usable advisory is an error too: nothing would be checked. */
function nonEmpty(root: string, load: AdvisoryLoad): AdvisoryLoad {
  if (!load.ok || load.value.advisories > 0) return load;
  const { files, withdrawn, issues } = load.value;
  const first = issues[0] === undefined ? "" : `; first: ${issues[0].file}: ${issues[0].reason}`;
  return { ok: false, error: `${root}: no usable advisory in ${files} advisory files (${issues.length} invalid, ${withdrawn} withdrawn)${first}` };
}

function readFiles(folder: string, paths: readonly string[], strict: boolean): AdvisoryLoad {
  const byProject = new Map<string, Advisory[]>();
  const issues: AdvisoryIssue[] = [];
  let withdrawn = 0;
  let advisories = 0;
  let newestModified: string | null = null;
  for (const file of paths) {
    const read = readAdvisory(file);
    if (typeof read === "string") {
      if (strict) return { ok: false, error: `${file}: ${read}` };
      issues.push({ file, reason: read });
      continue;
    }
    if (read.modified !== undefined && (newestModified === null || Date.parse(read.modified) > Date.parse(newestModified))) newestModified = read.modified;
    if (read.withdrawn !== undefined) {
      withdrawn += 1;
      continue;
    }
    advisories += 1;
    for (const name of new Set(read.affected.map((a) => a.name))) {
      const list = byProject.get(name) ?? [];
      list.push(read);
      byProject.set(name, list);
    }
  }
  return { ok: true, value: { folder, byProject, files: paths.length, advisories, withdrawn, newestModified, issues } };
}

/** The largest advisory file read (PyPA's largest is under 100 KiB; a 186 MB JSON once exhausted the heap). */
export const MAX_ADVISORY_BYTES = 4 * 1024 * 1024;

/** One advisory, or the reason it is invalid. */
export function readAdvisory(file: string): Advisory | string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return "not a regular file (a FIFO, socket or device is not read)";
    size = st.size;
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  if (size > MAX_ADVISORY_BYTES) return `${size} bytes, over the ${MAX_ADVISORY_BYTES}-byte limit per advisory file`;
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (error) {
    return `YAML syntax: ${(error as Error).message.split("\n")[0]}`;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return "expected a mapping";
  const d = doc as Record<string, unknown>;
  if (typeof d.id !== "string" || d.id === "") return "id: expected a non-empty string";
  const affectedRaw = d.affected;
  if (!Array.isArray(affectedRaw)) return "affected: expected a list";
  const affected: AdvisoryAffected[] = [];
  for (const [i, a] of affectedRaw.entries()) {
    const at = `affected[${i}]`;
    if (a === null || typeof a !== "object") return `${at}: expected a mapping`;
    const pkg = (a as Record<string, unknown>).package as Record<string, unknown> | undefined;
    if (pkg === undefined || typeof pkg.name !== "string") return `${at}.package.name: expected a string`;
    if (pkg.ecosystem !== "PyPI") continue;
    const ranges: AdvisoryRange[] = [];
    for (const [j, r] of (((a as Record<string, unknown>).ranges ?? []) as unknown[]).entries()) {
      const rat = `${at}.ranges[${j}]`;
      const rr = r as Record<string, unknown>;
      if (rr === null || typeof rr !== "object" || !["ECOSYSTEM", "SEMVER", "GIT"].includes(rr.type as string)) return `${rat}.type: expected ECOSYSTEM, SEMVER or GIT`;
      if (!Array.isArray(rr.events)) return `${rat}.events: expected a list`;
      const events: AdvisoryRange["events"][number][] = [];
      for (const [k, e] of (rr.events as Record<string, unknown>[]).entries()) {
        const v = (x: unknown): string | undefined => (typeof x === "string" ? x : typeof x === "number" ? String(x) : undefined);
        if (e?.introduced !== undefined && v(e.introduced) !== undefined) events.push({ introduced: v(e.introduced)! });
        else if (e?.fixed !== undefined && v(e.fixed) !== undefined) events.push({ fixed: v(e.fixed)! });
        else if (e?.last_affected !== undefined && v(e.last_affected) !== undefined) events.push({ lastAffected: v(e.last_affected)! });
        else if (e?.limit !== undefined && v(e.limit) !== undefined) events.push({ limit: v(e.limit)! });
        else return `${rat}.events[${k}]: expected introduced, fixed, last_affected or limit`;
      }
      ranges.push({ type: rr.type as AdvisoryRange["type"], events });
    }
    const versions = ((a as Record<string, unknown>).versions ?? []) as unknown[];
    if (!Array.isArray(versions)) return `${at}.versions: expected a list`;
    affected.push({ name: normalizeName(pkg.name), ranges, versions: versions.map(String) });
  }
  const refs = (Array.isArray(d.references) ? d.references : []) as { type?: string; url?: string }[];
  const link = refs.find((r) => r?.type === "ADVISORY")?.url ?? refs.find((r) => typeof r?.url === "string")?.url ?? `https://osv.dev/vulnerability/${d.id}`;
  const severity = (Array.isArray(d.severity) ? d.severity : []).filter((s) => typeof s?.type === "string" && typeof s?.score === "string") as { type: string; score: string }[];
  return {
    id: d.id,
    aliases: Array.isArray(d.aliases) ? d.aliases.map(String) : [],
    ...(typeof d.summary === "string" ? { summary: d.summary } : {}),
    ...(typeof d.details === "string" ? { details: d.details } : {}),
    affected,
    link,
    severity,
    ...(d.withdrawn === undefined || d.withdrawn === null ? {} : { withdrawn: String(d.withdrawn) }),
    ...(timestamp(d.modified) === undefined ? {} : { modified: timestamp(d.modified) }),
  };
}

/** An OSV time (RFC 3339) as written; YAML 1.1 readers may hand it over as a Date. */
function timestamp(x: unknown): string | undefined {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? undefined : x.toISOString();
  return typeof x === "string" && !Number.isNaN(Date.parse(x)) ? x : undefined;
}
