import { Exclusion, ROOT, type CompiledGraph } from "../graph/index.js";
import { deadEndReward, judgedStack, type JudgedStack, type PortableJudge, type RolloutResult, type RolloutRunner } from "../rollout/index.js";
import type { Pipeline, StopRequest } from "../pipeline/index.js";
import { compileStatePredicates, resolvedHold, type StatePredicate } from "./state-predicate.js";
import { serializeStackRules, stackRulesKey } from "./serialize-stack-rules.js";

/** What the state-dependent rules say about one stack given as pins (version index per package, -1: not installed). */
export type StackJudgement =
  | { readonly accepted: true; readonly score: number; readonly eagerStop?: StopRequest }
  | { readonly accepted: false; readonly unit: string; readonly reason: string; readonly package: number };

/**
 * Everything judgeStack decides beyond the graph's static scores, compiled against one graph
 * (integer ids and bitsets): the final-stack state steps and declarative strides as state
 * predicates, and the candidates whose static steps ask for an eager stop. A StackJudge: runners
 * judge stacks with it where they run them (core/rollout runRequest), and it travels to threads
 * and workers as `bytes` under `key` (serializeStackRules).
 */
export interface StackRules extends PortableJudge {
  readonly graph: CompiledGraph;
  /** No predicate and no eager stop: the static score is the whole verdict. */
  readonly empty: boolean;
  /** False when the pipeline has function-only strides, which only judgeStack can run (see Pipeline.opaqueStrides). */
  readonly complete: boolean;
  readonly predicates: readonly StatePredicate[];
  /** The candidates whose static steps ask for an eager stop. */
  readonly candidateStops: readonly CandidateStop[];
  readonly bootStop: StopRequest | undefined;
  /** The reward of a stack the rules reject: below the reward of every accepted stack. */
  readonly rejectedReward: number;
  /** Every eager stop a stack may ask for (JudgedStack.stop and RolloutResult.stop index it): the predicates', the candidates', the boot's. */
  readonly stops: readonly StopRequest[];
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

export interface StackRulesOptions {
  readonly stops?: readonly CandidateStop[];
  readonly bootStop?: StopRequest;
  readonly complete?: boolean;
  /** The reward of a rejected stack (deserializeStackRules gives the sender's); default: deadEndReward(graph) minus the predicates' score spread. */
  readonly rejectedReward?: number;
}

/** Hits beyond which the judge sorts them with TypedArray.sort (one view allocated) instead of in place by insertion. */
const INSERTION_SORT_MAX = 48;

/**
 * Stack rules from state predicates over a graph (compileStackRules compiles a pipeline's; a
 * benchmark or a test may give its own). Predicates apply in their order (the first rejecting one
 * names the rejection; a group at most once); judging looks only at the predicates of the stack's
 * candidates, so thousands of predicates cost a stack little, and judgeStack allocates nothing.
 */
export function createStackRules(graph: CompiledGraph, predicates: readonly StatePredicate[], options: StackRulesOptions = {}): StackRules {
  const candidateStops = options.stops ?? [];
  const bootStop = options.bootStop;
  const spread = predicates.reduce((s, q) => s + (q.result.acceptable ? Math.abs(q.result.score) : 0), 0);
  const rejectedReward = options.rejectedReward ?? deadEndReward(graph) - spread;
  // Per candidate (CSR): the predicates that match it, in predicate order.
  const start = new Int32Array(graph.candidateCount + 1);
  for (const q of predicates) for (const c of q.candidates) start[c + 1]++;
  for (let c = 0; c < graph.candidateCount; c++) start[c + 1] += start[c];
  const at = start.slice(0, graph.candidateCount);
  const byCandidate = new Int32Array(start[graph.candidateCount]);
  predicates.forEach((q, i) => { for (const c of q.candidates) byCandidate[at[c]++] = i; });
  // Groups as integers, stamped per judged stack (no Set per stack).
  const groupIds = new Map<string, number>();
  const groupOf = Int32Array.from(predicates, (q) => (q.group === undefined ? -1 : groupIds.get(q.group) ?? groupIds.set(q.group, groupIds.size).get(q.group)!));
  const firedAt = new Int32Array(groupIds.size);
  let epoch = 0;
  // The stop table: the predicates' stops, then the candidates', then the boot's.
  const stops: StopRequest[] = [];
  const predicateStop = Int32Array.from(predicates, (q) => (q.result.acceptable && q.result.eagerStop !== undefined ? stops.push({ unit: q.unit, reason: q.result.eagerStop }) - 1 : -1));
  // Per candidate: the position of its first entry in candidateStops (the first listed pinned one wins), or -1.
  const candidateStop = new Int32Array(graph.candidateCount).fill(-1);
  const stopBase = stops.length;
  candidateStops.forEach((s, i) => {
    stops.push(s.stop);
    if (candidateStop[s.candidate] < 0) candidateStop[s.candidate] = i;
  });
  const bootIndex = bootStop === undefined ? -1 : stops.push(bootStop) - 1;
  const hits = new Int32Array(byCandidate.length);
  let rejectedBy = -1;

  const judgeStack = (pins: Int32Array, out: JudgedStack): void => {
    let n = 0;
    let stopAt = -1;
    for (let p = 0; p < graph.packageCount; p++) {
      if (pins[p] < 0) continue;
      const c = graph.versionStart[p] + pins[p];
      for (let k = start[c]; k < start[c + 1]; k++) hits[n++] = byCandidate[k];
      const s = candidateStop[c];
      if (s >= 0 && (stopAt < 0 || s < stopAt)) stopAt = s;
    }
    if (n > INSERTION_SORT_MAX) hits.subarray(0, n).sort();
    else {
      for (let i = 1; i < n; i++) {
        const x = hits[i];
        let j = i - 1;
        for (; j >= 0 && hits[j] > x; j--) hits[j + 1] = hits[j];
        hits[j + 1] = x;
      }
    }
    // A new stamp per stack; before it would pass what an Int32Array holds, the stamps start over.
    if (++epoch === 0x7fffffff) {
      firedAt.fill(0);
      epoch = 1;
    }
    let score = 0;
    let stop = bootIndex;
    for (let h = 0; h < n; h++) {
      const i = hits[h];
      if (h > 0 && i === hits[h - 1]) continue;
      const group = groupOf[i];
      if (group >= 0 && firedAt[group] === epoch) continue;
      const q = predicates[i];
      // Reached through a pinned candidate it matches: only its resolved packages remain to check.
      if (!resolvedHold(q, pins)) continue;
      if (group >= 0) firedAt[group] = epoch;
      if (!q.result.acceptable) {
        rejectedBy = i;
        out.accepted = false;
        out.score = 0;
        out.package = graph.packageOf[q.candidates[0]];
        out.stop = -1;
        return;
      }
      score += q.result.score;
      if (stop < 0) stop = predicateStop[i];
    }
    if (stop < 0 && stopAt >= 0) stop = stopBase + stopAt;
    out.accepted = true;
    out.score = score;
    out.package = -1;
    out.stop = stop;
  };

  const verdict = judgedStack();
  let bytes: Uint8Array | undefined;
  let key: string | undefined;
  const rules: StackRules = {
    graph,
    empty: predicates.length === 0 && candidateStops.length === 0 && bootStop === undefined,
    complete: options.complete ?? true,
    predicates,
    candidateStops,
    bootStop,
    rejectedReward,
    stops,
    stopCount: stops.length,
    judgeStack,
    judge(pins) {
      judgeStack(pins, verdict);
      if (!verdict.accepted) {
        const q = predicates[rejectedBy];
        return { accepted: false, unit: q.unit, reason: (q.result as { reason: string }).reason, package: verdict.package };
      }
      return { accepted: true, score: verdict.score, ...(verdict.stop >= 0 ? { eagerStop: stops[verdict.stop] } : {}) };
    },
    get bytes() { return (bytes ??= serializeStackRules(rules)); },
    get key() { return (key ??= stackRulesKey(graph.hash, rules.bytes)); },
  };
  return rules;
}

/** A runner whose rewards agree with judgeStack (see stackRulesRunner). */
export interface StackRulesRunner extends RolloutRunner {
  /**
   * True when the rules travelled: the inner runner judges every stack where it runs it (so a
   * request may ask for k > 1 rollouts: their aggregate is computed on judged rewards). False when
   * this runner judges the returned stacks on the coordinator (then only k = 1 is exact).
   */
  readonly travelled: boolean;
  /** Tells the runner a batch's results were absorbed (the search's batch order). */
  absorbed(results: readonly RolloutResult[]): void;
  /** The first eager stop a stack of an absorbed batch asked for, in absorb order. */
  stopRequested(): StopRequest | undefined;
}

/**
 * Makes the search optimise the score judgeStack gives. When the rules are complete (no
 * function-only strides) and the inner runner takes rules (`judging`), they travel: the runner
 * judges each rollout's stack where it runs it and results come back judged. Otherwise this runner
 * judges every returned stack on the coordinator. Either way a rejected stack is a dead end
 * (reward `rules.rejectedReward`, the package of the rejecting step), an accepted one has the
 * state steps' scores added to its reward, and a stack asking for an eager stop carries it in
 * `stop` until its batch is absorbed (`absorbed`, in batch order whatever order batches are
 * answered in); the first becomes `stopRequested` (the advise's shouldStop). With empty rules the
 * inner runner's results pass unchanged.
 */
export function stackRulesRunner(rules: StackRules, inner: RolloutRunner): StackRulesRunner {
  let stop: StopRequest | undefined;
  const absorbed = (results: readonly RolloutResult[]) => {
    if (stop !== undefined) return;
    for (const r of results) {
      if (r.stop !== undefined) {
        stop = rules.stops[r.stop];
        return;
      }
    }
  };
  const travelling = !rules.empty && rules.complete ? inner.judging?.(rules) : undefined;
  if (travelling !== undefined) return { travelled: true, run: (requests) => travelling.run(requests), absorbed, stopRequested: () => stop };
  const verdict = judgedStack();
  const judge = (r: RolloutResult): RolloutResult => {
    if (r.kind !== "stack") return r;
    rules.judgeStack(r.pins, verdict);
    if (!verdict.accepted) return { kind: "dead-end", id: r.id, reward: rules.rejectedReward, package: verdict.package, depth: r.path.length, path: r.path };
    const judged = verdict.score === 0 ? r : { ...r, reward: r.reward + verdict.score };
    return verdict.stop < 0 ? judged : { ...judged, stop: verdict.stop };
  };
  return {
    travelled: false,
    async run(requests) {
      const results = await inner.run(requests);
      return rules.empty ? results : results.map(judge);
    },
    absorbed,
    stopRequested: () => stop,
  };
}
