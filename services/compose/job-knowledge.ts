import { join } from "node:path";
import type { AdviseKnowledge, AdviseRequest } from "../../core/advise/index.js";
import { invalidArgument, type Result, type Warning } from "../../core/failure/index.js";
import { builtInUnits, versionMatches, type AdvisoriesByProject, type PipelineUnit } from "../../core/pipeline/index.js";
import { describePrescriptionIssue } from "../../core/prescription/index.js";
import { inclusionEnvironment, prescriptionUnits } from "../../core/prescription-units/index.js";

/** What a job knows about the software besides the catalog, as pipeline units, what loading it warned about, and what it used. */
export interface JobKnowledge extends AdviseKnowledge {
  readonly warnings: readonly Warning[];
  readonly used: KnowledgeUsed;
}

/** Which knowledge an advise used, as its report says it (JSON field names); null: none was given. */
export interface KnowledgeUsed {
  readonly advisories: {
    /** The folder read (a clone's `vulns/`). */
    readonly source: string;
    /** Valid advisories, withdrawn ones left out. */
    readonly count: number;
    readonly projects: number;
    /** How recent the snapshot is: the newest `modified` time of its advisories; null when none says. */
    readonly newest_modified: string | null;
  } | null;
  readonly prescriptions: {
    readonly source: string;
    readonly files: number;
    /** Valid units in the source. */
    readonly units: number;
    /** Units whose should_include holds for this request (adviser pipeline, recommendation type, environment). */
    readonly included: number;
  } | null;
  readonly scores: { readonly source: string; readonly projects: number; readonly versions: number } | null;
}

export type KnowledgeRequest = Pick<AdviseRequest, "recommendation" | "target" | "environment" | "scores" | "advisoriesPath" | "prescriptionsPath" | "locked">;

/**
 * Advisories, user scores and prescriptions turned into pipeline units after the built-in ones.
 * A source that yields nothing is refused naming its field. `cacheRoot`: the folder of the
 * knowledge store; compiled advisories and prescriptions are cached below it. `report` hears what
 * is being loaded (for a progress display).
 */
export async function loadJobKnowledge(request: KnowledgeRequest, cacheRoot: string, report?: (detail: string) => void, signal?: AbortSignal): Promise<Result<JobKnowledge>> {
  const warnings: Warning[] = [];
  const used: { -readonly [K in keyof KnowledgeUsed]: KnowledgeUsed[K] } = { advisories: null, prescriptions: null, scores: null };
  let advisories: AdvisoriesByProject | undefined;
  if (request.advisoriesPath !== null) {
    report?.("advisories");
    const { loadAdvisoriesOffLoop } = await import("../../adapters/osv/index.js");
    // In a thread: health and metrics answer meanwhile, and the signal stops it at once (issue 15).
    const loaded = await loadAdvisoriesOffLoop(request.advisoriesPath, { cacheDir: join(cacheRoot, "advisories"), signal });
    if (!loaded.ok) return { ok: false, error: invalidArgument(loaded.error, "advisoriesPath") };
    advisories = loaded.value.byProject;
    used.advisories = { source: loaded.value.folder, count: loaded.value.advisories, projects: loaded.value.byProject.size, newest_modified: loaded.value.newestModified };
    const issues = loaded.value.issues;
    if (issues.length > 0) {
      // The count, then the first few: none is dropped in silence (issue 15).
      const more = issues.length > 5 ? `; the first 5 follow` : "";
      warnings.push({ field: "advisoriesPath", message: `${issues.length} advisory files are invalid and were skipped${more}` });
      for (const i of issues.slice(0, 5)) warnings.push({ field: "advisoriesPath", message: `${i.file}: ${i.reason} (skipped)` });
    }
  }
  const scores = request.scores?.table;
  if (request.scores !== null) {
    const versions = [...request.scores.table.values()].reduce((n, v) => n + v.size, 0);
    used.scores = { source: request.scores.source, projects: request.scores.table.size, versions };
  }
  const units: PipelineUnit[] = builtInUnits({ recommendationType: request.recommendation, advisories, scores, lock: request.locked ?? undefined });
  if (request.prescriptionsPath !== null) {
    const { loadPrescriptions } = await import("../../adapters/prescriptions/index.js");
    report?.("prescriptions");
    const loaded = await loadPrescriptions(request.prescriptionsPath, {
      cacheDir: join(cacheRoot, "prescriptions"), signal, onFiles: report && ((files) => report(`prescriptions: ${files.toLocaleString("en-US")} files read`)),
    });
    if (!loaded.ok) return { ok: false, error: invalidArgument(loaded.error, "prescriptionsPath") };
    if (loaded.value.units.length === 0) {
      const first = loaded.value.issues[0];
      const why = first === undefined ? "" : `; first issue: ${describePrescriptionIssue(first)}`;
      const message = `${request.prescriptionsPath}: no valid prescription unit in ${loaded.value.files} YAML files (${loaded.value.declaredUnits} units declared)${why}`;
      return { ok: false, error: invalidArgument(message, "prescriptionsPath") };
    }
    const compiled = prescriptionUnits(loaded.value.units, {
      pipeline: "adviser", recommendationType: request.recommendation, authenticated: false, labels: {},
      environment: inclusionEnvironment(request.target, request.environment),
      versionSatisfies: (version, specifier) => versionMatches(version, specifier),
    });
    units.push(...compiled.units);
    // Invalid units are left out, and said so: the count, then the first few (issue 15).
    const invalid = loaded.value.issues.filter((i) => i.severity === "invalid");
    if (invalid.length > 0) {
      const more = invalid.length > 5 ? "; the first 5 follow" : "";
      warnings.push({ field: "prescriptionsPath", message: `${invalid.length} problems in the prescriptions: the units concerned were left out${more}` });
      for (const i of invalid.slice(0, 5)) warnings.push({ field: "prescriptionsPath", message: `${describePrescriptionIssue(i)} (left out)` });
    }
    used.prescriptions = { source: request.prescriptionsPath, files: loaded.value.files, units: loaded.value.units.length, included: compiled.units.length };
    if (compiled.unsupported.length > 0) {
      warnings.push({ field: "prescriptionsPath", message: `${compiled.unsupported.length} included units are not supported yet and were left out` });
    }
  }
  return { ok: true, value: { units, advisories, warnings, used } };
}
