import { join } from "node:path";
import type { AdviseKnowledge, AdviseRequest } from "../../core/advise/index.js";
import { invalidArgument, type Result, type Warning } from "../../core/failure/index.js";
import type { Environment, Target } from "../../core/pep508/index.js";
import { builtInUnits, versionMatches, type AdvisoriesByProject, type PipelineUnit } from "../../core/pipeline/index.js";
import { prescriptionUnits } from "../../core/prescription-units/index.js";

/** What a job knows about the software besides the catalog, as pipeline units, and what loading it warned about. */
export interface JobKnowledge extends AdviseKnowledge {
  readonly warnings: readonly Warning[];
}

export type KnowledgeRequest = Pick<AdviseRequest, "recommendation" | "target" | "environment" | "scores" | "advisoriesPath" | "prescriptionsPath">;

/**
 * Advisories, user scores and prescriptions turned into pipeline units after the built-in ones.
 * `cacheRoot`: the folder of the knowledge store; compiled advisories and prescriptions are cached below it.
 */
export async function loadJobKnowledge(request: KnowledgeRequest, cacheRoot: string): Promise<Result<JobKnowledge>> {
  const warnings: Warning[] = [];
  let advisories: AdvisoriesByProject | undefined;
  if (request.advisoriesPath !== null) {
    const { loadAdvisories } = await import("../../adapters/osv/index.js");
    const loaded = loadAdvisories(request.advisoriesPath, { cacheDir: join(cacheRoot, "advisories") });
    if (!loaded.ok) return { ok: false, error: invalidArgument(loaded.error, "advisoriesPath") };
    advisories = loaded.value.byProject;
    for (const i of loaded.value.issues.slice(0, 5)) warnings.push({ field: "advisoriesPath", message: `${i.file}: ${i.reason} (skipped)` });
  }
  const scores = request.scores?.table;
  const units: PipelineUnit[] = builtInUnits({ recommendationType: request.recommendation, advisories, scores });
  if (request.prescriptionsPath !== null) {
    const { loadPrescriptions } = await import("../../adapters/prescriptions/index.js");
    const loaded = await loadPrescriptions(request.prescriptionsPath, { cacheDir: join(cacheRoot, "prescriptions") });
    if (!loaded.ok) return { ok: false, error: invalidArgument(loaded.error, "prescriptionsPath") };
    const compiled = prescriptionUnits(loaded.value.units, {
      pipeline: "adviser", recommendationType: request.recommendation, authenticated: false, labels: {},
      environment: { pythonVersion: request.environment.python_version, platform: platformTag(request.target, request.environment) },
      versionSatisfies: (version, specifier) => versionMatches(version, specifier),
    });
    units.push(...compiled.units);
    if (compiled.unsupported.length > 0) {
      warnings.push({ field: "prescriptionsPath", message: `${compiled.unsupported.length} included units are not supported yet and were left out` });
    }
  }
  return { ok: true, value: { units, advisories, warnings } };
}

/** Thoth's platform words: `linux-x86_64`, `macosx-arm64`, `win-amd64`. */
function platformTag(target: Target, environment: Environment): string {
  const os = { linux: "linux", macos: "macosx", windows: "win" }[target.platform];
  return `${os}-${environment.platform_machine.toLowerCase()}`;
}
