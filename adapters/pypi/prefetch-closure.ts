/**
 * Prefetches the closure of some root projects through any Catalog with bounded parallelism:
 * the versions of every project reached, and the metadata of every selected version. Which
 * projects a metadata record reaches is the caller's business (a callback), so nothing here
 * evaluates markers or extras. Failures are collected, never thrown; the walk goes on.
 */
import type { CandidateInfo, CandidateMetadata, Catalog, CatalogOutcome } from "../../core/catalog/index.js";
import { normalizeName } from "../../core/pep508/index.js";

export interface PrefetchOptions {
  /** Requests in flight at most (>= 1). */
  readonly concurrency: number;
  /** The project names one metadata record depends on (e.g. Requires-Dist names whose markers hold). */
  readonly dependencies: (name: string, version: string, metadata: CandidateMetadata) => readonly string[];
  /** Which releases to fetch metadata for; default all of them. */
  readonly selectVersions?: (name: string, versions: readonly CandidateInfo[]) => readonly CandidateInfo[];
}

export interface PrefetchProblem {
  readonly name: string;
  readonly version?: string;
  readonly outcome: Exclude<CatalogOutcome<unknown>["kind"], "found">;
  readonly reason: string;
}

export interface PrefetchReport {
  /** Projects whose versions were found, in the order they were reached. */
  readonly projects: readonly string[];
  readonly metadataRecords: number;
  readonly problems: readonly PrefetchProblem[];
}

export async function prefetchClosure(catalog: Catalog, roots: readonly string[], options: PrefetchOptions): Promise<PrefetchReport> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`prefetchClosure: concurrency must be an integer >= 1, got ${options.concurrency}`);
  }
  const seen = new Set<string>();
  const projects: string[] = [];
  const problems: PrefetchProblem[] = [];
  let metadataRecords = 0;
  const queue: (() => Promise<void>)[] = [];

  const reach = (raw: string) => {
    const name = normalizeName(raw);
    if (seen.has(name)) return;
    seen.add(name);
    queue.push(() => listProject(name));
  };

  async function listProject(name: string): Promise<void> {
    const listed = await catalog.versions(name);
    if (listed.kind !== "found") {
      problems.push({ name, outcome: listed.kind, reason: describe(listed) });
      return;
    }
    projects.push(name);
    const chosen = options.selectVersions ? options.selectVersions(name, listed.value) : listed.value;
    for (const info of chosen) queue.push(() => readMetadata(name, info.version));
  }

  async function readMetadata(name: string, version: string): Promise<void> {
    const meta = await catalog.metadata(name, version);
    if (meta.kind !== "found") {
      problems.push({ name, version, outcome: meta.kind, reason: describe(meta) });
      return;
    }
    metadataRecords++;
    for (const dep of options.dependencies(name, version, meta.value)) reach(dep);
  }

  for (const root of roots) reach(root);
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const pump = () => {
      while (active < options.concurrency && queue.length > 0) {
        const task = queue.shift() as () => Promise<void>;
        active++;
        task().then(() => {
          active--;
          pump();
        }, reject);
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  return { projects, metadataRecords, problems };
}

function describe(o: Exclude<CatalogOutcome<unknown>, { kind: "found" }>): string {
  switch (o.kind) {
    case "not-found": return o.version === undefined ? `project ${o.name} not found` : `${o.name} ${o.version} not found`;
    case "invalid-metadata": return o.reason;
    case "offline": return o.reason;
  }
}
