import { dirname } from "node:path";
import type { AdviseRequest } from "../../../core/advise/index.js";
import { recordingCatalog, type CandidateInfo, type RecordingCatalog } from "../../../core/catalog/index.js";
import { compileGraph } from "../../../core/compile/index.js";
import { ROOT } from "../../../core/graph/index.js";
import { compileRequestOf } from "../../../core/request/index.js";
import {
  buildPipeline, builtInUnits, objectiveWeights, weightErrorText, type AdvisoriesByProject, type Pipeline, type PipelineUnit,
} from "../../../core/pipeline/index.js";
import { lockPrescriptionFlags, packageScores, type PackageScore, type PrescriptionFlag } from "../../../core/update/index.js";
import { loadJobKnowledge } from "../../compose/job-knowledge.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { openCatalog } from "../catalog-source.js";
import { commandFailure } from "../field-flag.js";
import { UsageError } from "../usage-error.js";

type Pins = Readonly<Record<string, string>>;

/** What `maat update` knows besides the searches: the advisories, the prescriptions' flags and the advised objective's package scores. */
export interface UpdateKnowledge {
  /** The advisories given (empty without --advisories); null when none was given. */
  readonly advisories: AdvisoriesByProject | null;
  /** Whether --prescriptions was given. */
  readonly prescriptions: boolean;
  /** Each listed version of a package (the index's), in index order; empty when the index has none. */
  versions(name: string): Promise<readonly string[]>;
  /** The packages of the request's closure (every package a stack may hold; the root left out). */
  closure(): Promise<readonly string[]>;
  /**
   * A bound on the absolute advised score of any stack over `releases`: per package its largest
   * absolute static score, plus every final-stack state step's absolute score.
   */
  scoreBound(releases: ReadonlyMap<string, readonly string[]>): number;
  /** The prescriptions that flag each package of a stack (lockPrescriptionFlags). */
  flags(stack: Pins): Promise<ReadonlyMap<string, readonly PrescriptionFlag[]>>;
  /** Each package's contribution to the advised score (packageScores, the request's weights). */
  scores(stack: Pins): Promise<ReadonlyMap<string, PackageScore>>;
  close(): void;
}

/**
 * Loads the request's knowledge once, as `maat advise` does (advisories, prescriptions, the
 * objective's weights), and builds the advised pipeline over the request's catalog. Bad input
 * (a knowledge path that yields nothing, an unknown weight) is refused naming the flag.
 */
export async function openUpdateKnowledge(request: AdviseRequest, config: MaatConfig): Promise<UpdateKnowledge> {
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath: config.storePath });
  try {
    const catalog: RecordingCatalog = recordingCatalog(opened.catalog);
    const loaded = await loadJobKnowledge(request, dirname(config.storePath));
    if (!loaded.ok) throw commandFailure(loaded.error);
    const knowledge = loaded.value;
    const objective = objectiveWeights(knowledge.units, request.weights);
    if (!objective.ok) throw new UsageError(`--weight: ${weightErrorText(objective.error)}`);
    const pipeline: Pipeline = buildPipeline({
      recommendationType: request.recommendation, environment: request.environment, requirements: request.requirements,
      units: knowledge.units, releases: (name) => catalog.releases(name), objective: objective.value,
    });
    // The prescriptions' units follow the built-in ones (loadJobKnowledge).
    const builtIn = builtInUnits({ recommendationType: request.recommendation, advisories: knowledge.advisories, scores: request.scores?.table, lock: request.locked ?? undefined });
    const prescribed: readonly PipelineUnit[] = knowledge.units.slice(builtIn.length);
    const listed = async (names: Iterable<string>) => {
      for (const name of names) if (catalog.releases(name) === undefined) await catalog.versions(name);
    };
    const releases = (name: string): readonly CandidateInfo[] => catalog.releases(name) ?? [];
    const context = { recommendationType: request.recommendation, environment: request.environment, requirements: request.requirements };
    return {
      advisories: knowledge.advisories ?? null,
      prescriptions: request.prescriptionsPath !== null,
      async versions(name) {
        await listed([name]);
        return releases(name).map((i) => i.version);
      },
      async closure() {
        const compiled = await compileGraph(catalog, compileRequestOf(request));
        if (!compiled.ok) throw new UsageError(compiled.error.message);
        const g = compiled.graph;
        return g.names.filter((_, p) => p !== ROOT && g.baseOf[p] === p);
      },
      scoreBound(releases) {
        let bound = 0;
        for (const [name, versions] of releases) {
          let most = 0;
          for (const version of versions) most = Math.max(most, Math.abs(pipeline.score(name, version)));
          bound += most;
        }
        for (const s of pipeline.finalStackSteps()) if (s.result.acceptable) bound += Math.abs(s.result.score);
        return bound;
      },
      async flags(stack) {
        await listed(Object.keys(stack));
        return lockPrescriptionFlags(stack, prescribed, context, releases);
      },
      async scores(stack) {
        await listed(Object.keys(stack));
        return packageScores(pipeline, stack);
      },
      close: () => opened.close(),
    };
  } catch (error) {
    opened.close();
    throw error;
  }
}
