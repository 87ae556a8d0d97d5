import type { RecommendationType } from "../prescription/index.js";
import { advisoryNoticeStep, advisoryPenaltyStep, advisorySieve, type AdvisoriesByProject } from "./advisory-units.js";
import { recencyStep } from "./recency-step.js";
import { scoresStep, type ScoreTable } from "./scores-step.js";
import type { BootUnit, PipelineUnit } from "./unit.js";
import { userStackStep } from "./user-stack-step.js";

export interface BuiltInConfig {
  readonly recommendationType: RecommendationType;
  /** The advisory index; undefined: no security knowledge (said in the stack info). */
  readonly advisories?: AdvisoriesByProject;
  /** Recency weight; 0 turns the step off. Default 1. */
  readonly recencyWeight?: number;
  /** Penalty per advisory for stable, performance and testing. Default -0.2 (Thoth). */
  readonly advisoryPenalty?: number;
  /** An existing lock to stay close to. */
  readonly lock?: Readonly<Record<string, string>>;
  readonly lockBonus?: number;
  /** User scores (adapters/scores-file). */
  readonly scores?: ScoreTable;
}

const TYPE_TEXT: Readonly<Record<RecommendationType, string>> = {
  latest: "latest: the newest versions; known advisories are reported, not penalised",
  stable: "stable: each known advisory of a version costs it the advisory penalty",
  performance: "performance: as stable for advisories (no performance knowledge is built in yet)",
  security: "security: versions with a known advisory are removed",
  testing: "testing: as stable for advisories (Thoth penalised advisories under every type but latest)",
};

/**
 * The built-in units for a recommendation type, in run order: a boot unit stating the type and
 * the knowledge used; the OSV unit of the type (security: sieve; stable, performance, testing:
 * penalty step; latest: notice step); recency; the user's lock; the scores file.
 */
export function builtInUnits(config: BuiltInConfig): PipelineUnit[] {
  const type = config.recommendationType;
  const boot: BootUnit = {
    kind: "boot",
    name: "recommendation-type",
    run: () => ({
      ok: true,
      stackInfo: [
        { type: "INFO", message: `Recommendation type ${TYPE_TEXT[type]}` },
        ...(config.advisories === undefined ? [{ type: "WARNING" as const, message: "No security advisory database was given: advisories are not considered" }] : []),
      ],
    }),
  };
  const units: PipelineUnit[] = [boot];
  if (config.advisories !== undefined) {
    if (type === "security") units.push(advisorySieve(config.advisories));
    else if (type === "latest") units.push(advisoryNoticeStep(config.advisories));
    else units.push(advisoryPenaltyStep(config.advisories, config.advisoryPenalty));
  }
  const weight = config.recencyWeight ?? 1;
  if (weight !== 0) units.push(recencyStep(weight));
  if (config.lock !== undefined) units.push(userStackStep(config.lock, config.lockBonus));
  if (config.scores !== undefined) units.push(scoresStep(config.scores));
  return units;
}
