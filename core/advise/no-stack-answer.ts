import type { Catalog } from "../catalog/index.js";
import { controlledSolve, type AdviseControl, type Stopped } from "./advise-control.js";
import type { AdviseReport, AdviseStats } from "./advise-graph.js";
import type { AdviseKnowledge, AdvisePlan } from "./advise-plan.js";
import type { AdviseRequest } from "./advise-request.js";
import { noStackReason, type NoStackReason } from "./no-stack.js";
import { secureStack } from "./secure-stack.js";

/** The answer to a request no stack satisfies: a report without products, and why. */
export interface NoStackAnswer {
  readonly report: AdviseReport;
  readonly explanation: string;
  /** The same reason as data (packages, versions, advisory ids). */
  readonly conflict: NoStackReason;
}

/** A stack exists: the resolver's newest-first one (what resolverStack gives), the search's start stack. */
export interface Resolvable {
  readonly resolved: Int32Array;
}

/**
 * The feasibility check before a search: resolves the planned graph once. When no stack satisfies
 * the request, says why (the resolver's explanation); under the security recommendation type with
 * advisories, why no stack free of advisories exists (secureStack names the packages and the
 * least-exposed stack), in words and as data. When a stack exists and the search should run, the
 * resolver's stack it found (Resolvable), so the search need not solve again.
 * With a `control`, every resolver run gives the event loop turns and ends the check with the
 * failure `control.stop` gives (the deadline passed, Ctrl-C).
 */
export async function noStackAnswer(catalog: Catalog, request: AdviseRequest, plan: AdvisePlan, knowledge: AdviseKnowledge): Promise<NoStackAnswer | Resolvable>;
export async function noStackAnswer(
  catalog: Catalog, request: AdviseRequest, plan: AdvisePlan, knowledge: AdviseKnowledge, control: AdviseControl,
): Promise<NoStackAnswer | Stopped | Resolvable>;
export async function noStackAnswer(
  catalog: Catalog, request: AdviseRequest, plan: AdvisePlan, knowledge: AdviseKnowledge, control?: AdviseControl,
): Promise<NoStackAnswer | Stopped | Resolvable> {
  const resolvable = await controlledSolve(plan.graph, {}, control);
  if ("stopped" in resolvable) return resolvable;
  if (resolvable.status === "resolved") return { resolved: resolvable.pins };
  let explanation = resolvable.status === "unsatisfiable" ? resolvable.explanation : "the resolver stopped at its conflict limit";
  const secure = request.recommendation === "security" && knowledge.advisories
    ? await secureStack(catalog, plan.compileRequest, plan.pipeline, knowledge.advisories, control) : undefined;
  if (secure !== undefined && "stopped" in secure) return secure;
  if (secure?.kind === "no-safe-stack" || secure?.kind === "error") explanation = secure.message;
  const conflict = noStackReason(plan.graph, resolvable, secure);
  const report: AdviseReport = {
    products: [], stack_info: plan.pipeline.stackInfo, stats: emptyStats(request.predictor), objective: { weights: plan.pipeline.objective.inEffect() },
  };
  return { report, explanation, conflict };
}

function emptyStats(predictor: AdviseRequest["predictor"]): AdviseStats {
  return { predictor, stacks_scored: 0, dead_ends: 0, elapsed_ms: 0, stacks_per_second: 0, best_found_at: 0, optimal: false, gap: null, stopped: "exhausted" };
}
