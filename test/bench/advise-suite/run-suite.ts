/**
 * Runs the advise suite's cells: per instance the resolver's stack (latest), the exact reference
 * (branch and bound with a deadline, on the static scores, or on a relaxation of the stack rules:
 * then the optimum is the best known unless it meets the relaxation's bound), and every predictor
 * at every budget, with this build's core and optionally another build's (the "before" column).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { AUTO_LEARNER, autoSearch, searchLeafRollouts, type Found, type RolloutPredictorName } from "../../../core/advise/index.js";
import { createPredictor } from "../../../core/advise/predictor-choice.js";
import { branchAndBound, stackScore } from "../../../core/exact/index.js";
import { relaxedScores } from "../../../core/experiment/index.js";
import type { CompiledGraph } from "../../../core/graph/index.js";
import { stackRulesRunner, type StackRules, type StackRulesRunner } from "../../../core/stack-rules/index.js";
import { runSearch, type Predictor, type SearchOptions, type SearchReport } from "../../../core/predictor/index.js";
import { solve } from "../../../core/resolver/index.js";
import { createInProcessRunner, type RolloutRunner } from "../../../core/rollout/index.js";
import type { Instance } from "./instances.js";
import type { SuiteSettings } from "./suite-options.js";

/** The search code of one build: this one, or another build's dist folder (e.g. main's). */
export interface Build {
  readonly label: string;
  /** `leafRollouts` (k) is passed only when it is not 1, so a build from before leaf parallelism runs k = 1 as it did. */
  createPredictor(name: RolloutPredictorName, graph: CompiledGraph, seed: number, topK: number, starts?: readonly Int32Array[], leafRollouts?: number): Predictor;
  runSearch(predictor: Predictor, options: SearchOptions): Promise<SearchReport>;
  createInProcessRunner(graph: CompiledGraph): RolloutRunner;
}

export const THIS_BUILD: Build = { label: "after", createPredictor, runSearch, createInProcessRunner };

/** Another build's search code, from its dist folder (the same CompiledGraph and rollout shapes). */
export async function loadBuild(dist: string, label: string): Promise<Build> {
  const load = async <T>(path: string) => (await import(pathToFileURL(join(dist, path)).href)) as T;
  const choice = await load<{ createPredictor: Build["createPredictor"] }>("core/advise/predictor-choice.js");
  const search = await load<{ runSearch: Build["runSearch"] }>("core/predictor/run-search.js");
  const rollout = await load<{ createInProcessRunner: Build["createInProcessRunner"] }>("core/rollout/rollout-runner.js");
  return { label, createPredictor: choice.createPredictor, runSearch: search.runSearch, createInProcessRunner: rollout.createInProcessRunner };
}

export interface Cell {
  readonly build: string;
  readonly predictor: string;
  readonly budget: number;
  readonly seed: number;
  /** The incumbent's reward (the objective, stack rules included); null: no stack. */
  readonly best: number | null;
  readonly stacks: number;
  readonly deadEnds: number;
  readonly ms: number;
  /** Auto only: whether it proved its answer optimal, and its branch-and-bound nodes. */
  readonly proven?: boolean;
  readonly nodes?: number;
}

export interface Reference {
  /** The optimum when proven, else the best stack known (exact's, the runs'). */
  readonly score: number | null;
  readonly proven: boolean;
  /** A proven upper bound on the optimum (null: none). */
  readonly bound: number | null;
  /** Branch and bound: its status, nodes and time. */
  readonly exact: { readonly status: string; readonly nodes: number; readonly ms: number; readonly relaxed: boolean };
}

export interface InstanceResult {
  readonly request: string;
  readonly objective: string;
  readonly description: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly packages: number;
  readonly candidates: number;
  readonly additive: boolean;
  readonly rules: number;
  /** The resolver's newest-first stack's reward; null: no stack (or the rules reject it). */
  readonly latest: number | null;
  readonly reference: Reference;
  readonly cells: readonly Cell[];
}

/**
 * The suite's settings for one instance (its predictors, budgets, seeds and search settings, as
 * suiteSettings parses them; k only with stack rules that travel to the runner, searchLeafRollouts),
 * the builds to compare, and a line per cell.
 */
export interface SuiteOptions extends Omit<SuiteSettings, "requests" | "objectives"> {
  readonly builds: readonly Build[];
  readonly onCell?: (text: string) => void;
}

/** The reward of a stack under the instance's objective (null when the rules reject it or the pins are no stack). */
function reward(instance: Instance, pins: Int32Array): number | null {
  const s = stackScore(instance.graph, pins);
  if (s === null) return null;
  if (instance.rules === null) return s;
  const j = instance.rules.judge(pins);
  return j.accepted ? s + j.score : null;
}

/** The build's in-process runner, through the stack rules when there are some, and the leaf rollouts a request may ask for through it (as adviseGraph's search). */
function runnerOf(build: Build, graph: CompiledGraph, rules: StackRules | null, leafRollouts: number): { readonly runner: RolloutRunner; readonly leaf: number } {
  const inner = build.createInProcessRunner(graph);
  const judged: StackRulesRunner | null = rules === null ? null : stackRulesRunner(rules, inner);
  return { runner: judged ?? inner, leaf: searchLeafRollouts(leafRollouts, judged) };
}

export async function runInstance(instance: Instance, options: SuiteOptions): Promise<InstanceResult> {
  const g = instance.graph;
  const resolved = solve(g);
  const latest = resolved.status === "resolved" ? reward(instance, resolved.pins) : null;
  // Exact: on the static scores (additive), or on the relaxed scores (rules: an upper bound, and candidates).
  const relaxed = instance.rules !== null;
  const target = relaxed ? { ...g, score: relaxedScores(g, instance.rules!) } : g;
  const t0 = performance.now();
  const deadline = t0 + options.exactSeconds * 1000;
  const exact = branchAndBound(target, { topK: relaxed ? 10 : 1, shouldStop: () => performance.now() >= deadline });
  const exactMs = performance.now() - t0;
  let best: number | null = null;
  const consider = (x: number | null) => { if (x !== null && (best === null || x > best)) best = x; };
  for (const s of exact.top) consider(reward(instance, s.pins));
  consider(latest);
  const bound = exact.status === "optimal" ? (exact.optimum?.score ?? null) : exact.upperBound;
  options.onCell?.(`${instance.request} ${instance.objective}: exact ${exact.status} in ${exactMs.toFixed(0)} ms`);
  const cells: Cell[] = [];
  for (const build of options.builds) {
    for (const name of options.predictors) {
      for (const budget of options.budgets) {
        for (const seed of options.seeds) {
          if (resolved.status !== "resolved" && exact.status === "optimal" && exact.optimum === null) {
            cells.push({ build: build.label, predictor: name, budget, seed, best: null, stacks: 0, deadEnds: 0, ms: 0 });
            continue;
          }
          if (name === "auto") {
            if (build !== THIS_BUILD) continue;
            const t = performance.now();
            const a = await runAuto(instance, budget, seed, options);
            const ms = performance.now() - t;
            const score = a.top[0]?.score ?? null;
            consider(score);
            cells.push({ build: build.label, predictor: name, budget, seed, best: score, stacks: a.stacks, deadEnds: a.deadEnds, ms, proven: a.optimal, nodes: a.nodes ?? 0 });
            options.onCell?.(`${instance.request} ${instance.objective} ${build.label} auto ${budget} seed ${seed}: ${score?.toFixed(4) ?? "none"}${a.optimal ? " proven" : ` gap ${a.gap ?? "?"}`} in ${ms.toFixed(0)} ms`);
            continue;
          }
          const t = performance.now();
          const { runner, leaf } = runnerOf(build, g, instance.rules, options.leafRollouts);
          const predictor = leaf === 1 ? build.createPredictor(name, g, seed, 1) : build.createPredictor(name, g, seed, 1, undefined, leaf);
          const r = await build.runSearch(predictor, { budget, batchSize: options.batchSize, inFlight: options.inFlight, runner });
          const ms = performance.now() - t;
          const score = r.incumbent?.score ?? null;
          consider(score);
          cells.push({ build: build.label, predictor: name, budget, seed, best: score, stacks: r.stacks, deadEnds: r.deadEnds, ms });
          options.onCell?.(`${instance.request} ${instance.objective} ${build.label} ${name} ${budget} seed ${seed}: ${score?.toFixed(4) ?? "none"} in ${ms.toFixed(0)} ms`);
        }
      }
    }
  }
  const proven = !relaxed ? exact.status === "optimal" : bound !== null && best !== null && best >= bound - 1e-9;
  return {
    request: instance.request, objective: instance.objective, description: instance.description, weights: instance.weights,
    packages: g.packageCount - 1, candidates: g.candidateCount - 1, additive: !relaxed, rules: instance.rules?.predicates.length ?? 0,
    latest,
    reference: {
      score: !relaxed && exact.status === "optimal" ? (exact.optimum?.score ?? null) : best,
      proven, bound: exact.status === "optimal" && !relaxed ? null : bound,
      exact: { status: exact.status, nodes: exact.stats.nodes, ms: Math.round(exactMs), relaxed },
    },
    cells,
  };
}

/**
 * The default predictor on an instance as adviseGraph runs it (autoSearch): branch and bound on the
 * product score (the instance's stack rules as ExactRules) with its share of nodes, then
 * AUTO_LEARNER seeded with exact's top stacks and the resolver's stack, through the rules' runner.
 */
async function runAuto(instance: Instance, budget: number, seed: number, options: Pick<SuiteOptions, "batchSize" | "inFlight" | "leafRollouts">): Promise<Found> {
  const g = instance.graph;
  const rules = instance.rules === null ? undefined : { predicates: instance.rules.predicates, judge: (pins: Int32Array) => instance.rules!.judge(pins) };
  return autoSearch({
    budget, now: () => performance.now(), learner: AUTO_LEARNER,
    exact: async ({ maxNodes }) => {
      const r = branchAndBound(g, { topK: 1, maxNodes, rules });
      const base = { top: r.top, stacks: r.stats.stacks, deadEnds: r.stats.deadEnds, bestAt: r.stats.stacks, nodes: r.stats.nodes };
      if (r.status === "optimal") {
        const found = r.top.length > 0;
        return { ...base, optimal: found, gap: found ? 0 : null, upperBound: found ? r.top[0].score : null, stopped: found ? "proven" : "exhausted" };
      }
      return { ...base, optimal: false, gap: Number.isFinite(r.gap) ? r.gap : null, upperBound: Number.isFinite(r.upperBound) ? r.upperBound : null, stopped: "budget" };
    },
    learn: async (rest, starts) => {
      const resolved = solve(g);
      const all = resolved.status === "resolved" ? [...starts, resolved.pins] : starts;
      const { runner, leaf } = runnerOf(THIS_BUILD, g, instance.rules, options.leafRollouts);
      const r = await runSearch(createPredictor(AUTO_LEARNER, g, seed, 1, all, leaf), { budget: rest, batchSize: options.batchSize, inFlight: options.inFlight, runner });
      return { top: r.top, stacks: r.stacks, deadEnds: r.deadEnds, bestAt: r.trace.at(-1)?.stacks ?? 0, optimal: false, gap: null, stopped: r.stopped === "exhausted" ? "exhausted" : "budget" };
    },
  });
}
