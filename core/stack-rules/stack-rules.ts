import { Exclusion, ROOT, type CompiledGraph } from "../graph/index.js";
import { deadEndReward, type RolloutResult, type RolloutRunner } from "../rollout/index.js";
import type { Pipeline, StopRequest } from "../pipeline/index.js";
import { compileStatePredicates, predicateApplies, type StatePredicate } from "./state-predicate.js";

/** What the state-dependent rules say about one stack given as pins (version index per package, -1: not installed). */
export type StackJudgement =
  | { readonly accepted: true; readonly score: number; readonly eagerStop?: StopRequest }
  | { readonly accepted: false; readonly unit: string; readonly reason: string; readonly package: number };

/**
 * Everything judgeStack decides beyond the graph's static scores, compiled against one graph
 * (integer ids and bitsets): the final-stack state steps and declarative strides as state
 * predicates, and the candidates whose static steps ask for an eager stop.
 */
export interface StackRules {
  /** No predicate and no eager stop: the static score is the whole verdict. */
  readonly empty: boolean;
  /** False when the pipeline has function-only strides, which only judgeStack can run (see Pipeline.opaqueStrides). */
  readonly complete: boolean;
  readonly predicates: readonly StatePredicate[];
  /** The reward of a stack the rules reject: below the reward of every accepted stack. */
  readonly rejectedReward: number;
  judge(pins: Int32Array): StackJudgement;
}

/**
 * Compiles the pipeline's final-stack rules for a graph it compiled (call after compileGraph), with
 * the objective's weights (pipeline.finalStackSteps). A step that neither rejects, nor scores (its
 * score or weight is 0), nor asks for an eager stop does not change the reward and is left out.
 */
export function compileStackRules(graph: CompiledGraph, pipeline: Pipeline): StackRules {
  const steps = pipeline.finalStackSteps().filter((s) => !s.result.acceptable || s.result.score !== 0 || s.result.eagerStop !== undefined);
  const predicates = compileStatePredicates(graph, steps);
  const stops: CandidateStop[] = [];
  for (let p = 0; p < graph.packageCount; p++) {
    if (p === ROOT || graph.baseOf[p] !== p) continue;
    for (let c = graph.versionStart[p]; c < graph.versionStart[p + 1]; c++) {
      if (graph.exclusion[c] !== Exclusion.None) continue;
      const v = pipeline.verdict(graph.names[p], graph.versions[c]);
      if (v.kept && v.eagerStop !== undefined) stops.push({ candidate: c, stop: v.eagerStop });
    }
  }
  return createStackRules(graph, predicates, { stops, bootStop: pipeline.eagerStop, complete: pipeline.opaqueStrides.length === 0 });
}

/** A candidate whose static steps ask for an eager stop once a stack holds it. */
export interface CandidateStop {
  readonly candidate: number;
  readonly stop: StopRequest;
}

/**
 * Stack rules from state predicates over a graph (compileStackRules compiles a pipeline's; a
 * benchmark or a test may give its own). Predicates apply in their order (the first rejecting one
 * names the rejection; a group at most once); `judge` looks only at the predicates of the stack's
 * candidates, so thousands of predicates cost a stack little.
 */
export function createStackRules(
  graph: CompiledGraph, predicates: readonly StatePredicate[],
  options: { readonly stops?: readonly CandidateStop[]; readonly bootStop?: StopRequest; readonly complete?: boolean } = {},
): StackRules {
  const stops = options.stops ?? [];
  const bootStop = options.bootStop;
  const spread = predicates.reduce((s, q) => s + (q.result.acceptable ? Math.abs(q.result.score) : 0), 0);
  // Per candidate (CSR): the predicates that match it, in predicate order.
  const start = new Int32Array(graph.candidateCount + 1);
  for (const q of predicates) for (const c of q.candidates) start[c + 1]++;
  for (let c = 0; c < graph.candidateCount; c++) start[c + 1] += start[c];
  const at = start.slice(0, graph.candidateCount);
  const byCandidate = new Int32Array(start[graph.candidateCount]);
  predicates.forEach((q, i) => { for (const c of q.candidates) byCandidate[at[c]++] = i; });
  const hits: number[] = [];
  return {
    empty: predicates.length === 0 && stops.length === 0 && bootStop === undefined,
    complete: options.complete ?? true,
    predicates,
    rejectedReward: deadEndReward(graph) - spread,
    judge(pins) {
      let score = 0;
      let eagerStop = bootStop;
      hits.length = 0;
      for (let p = 0; p < graph.packageCount; p++) {
        if (pins[p] < 0) continue;
        const c = graph.versionStart[p] + pins[p];
        for (let k = start[c]; k < start[c + 1]; k++) hits.push(byCandidate[k]);
      }
      if (hits.length > 1) hits.sort((a, b) => a - b);
      const fired = new Set<string>();
      for (let h = 0; h < hits.length; h++) {
        const q = predicates[hits[h]];
        if (h > 0 && hits[h] === hits[h - 1]) continue;
        if (q.group !== undefined && fired.has(q.group)) continue;
        if (!predicateApplies(graph, q, pins)) continue;
        if (q.group !== undefined) fired.add(q.group);
        if (!q.result.acceptable) return { accepted: false, unit: q.unit, reason: q.result.reason, package: graph.packageOf[q.candidates[0]] };
        score += q.result.score;
        if (q.result.eagerStop !== undefined) eagerStop ??= { unit: q.unit, reason: q.result.eagerStop };
      }
      for (const s of stops) {
        const p = graph.packageOf[s.candidate];
        if (pins[p] === s.candidate - graph.versionStart[p]) {
          eagerStop ??= s.stop;
          break;
        }
      }
      return { accepted: true, score, ...(eagerStop !== undefined ? { eagerStop } : {}) };
    },
  };
}

/** A runner whose rewards agree with judgeStack (see stackRulesRunner). */
export interface StackRulesRunner extends RolloutRunner {
  /** Tells the runner a batch's results were absorbed (the search's batch order). */
  absorbed(results: readonly RolloutResult[]): void;
  /** The first eager stop a stack of an absorbed batch asked for, in absorb order. */
  stopRequested(): StopRequest | undefined;
}

/**
 * Wraps a runner so that the search optimises the score judgeStack gives: every stack result goes
 * through the rules; a rejected stack comes back as a dead end (reward `rules.rejectedReward`, the
 * package of the rejecting step), an accepted one with the state steps' scores added to its
 * reward. Stacks asking for an eager stop are remembered by request id until their batch is
 * absorbed (`absorbed`, in batch order whatever order batches are answered in), then the first
 * becomes `stopRequested` (the advise's shouldStop). With empty rules the inner runner's results
 * pass unchanged.
 */
export function stackRulesRunner(rules: StackRules, inner: RolloutRunner): StackRulesRunner {
  let stop: StopRequest | undefined;
  const asked = new Map<number, StopRequest>();
  const judge = (r: RolloutResult): RolloutResult => {
    if (r.kind !== "stack") return r;
    const j = rules.judge(r.pins);
    if (!j.accepted) return { kind: "dead-end", id: r.id, reward: rules.rejectedReward, package: j.package, depth: r.path.length, path: r.path };
    if (j.eagerStop !== undefined) asked.set(r.id, j.eagerStop);
    return j.score === 0 ? r : { ...r, reward: r.reward + j.score };
  };
  return {
    async run(requests) {
      const results = await inner.run(requests);
      return rules.empty ? results : results.map(judge);
    },
    absorbed(results) {
      if (asked.size === 0) return;
      for (const r of results) {
        const s = asked.get(r.id);
        if (s === undefined) continue;
        asked.delete(r.id);
        stop ??= s;
      }
    },
    stopRequested: () => stop,
  };
}
