/**
 * Search core benchmark on the Flask universe (late October 2020, Python 3.6, Linux) and the
 * tensorflow==2.1.0 universe (Python 3.7, Linux), with a random score per candidate uniform in
 * [-1, 1] (seeded): rollout kernel rate on one core, exact branch and bound (optimum, time), stack
 * count, and for every predictor the best score after 1,000 and 10,000 stacks as a ratio to the
 * optimum. Reports figures, asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { countStacks } from "../../core/count/index.js";
import { branchAndBound } from "../../core/exact/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import {
  type Predictor, bestWithin, createAnnealing, createHillClimbing, createLatest, createMcts, createRandomWalk, createTd, runSearch,
} from "../../core/predictor/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { UNIFORM, createInProcessRunner, createRolloutKernel } from "../../core/rollout/index.js";
import { flaskUniverse, tensorflowUniverse } from "../experiment/universes.js";
import { SHARED_MISSING } from "../support/shared-data.js";

const SCORE_SEED = 20201028;

/** A score per (package, version) uniform in [-1, 1], from a seeded RNG, in catalog order of calls. */
function randomScores(seed: number): (name: string, version: string) => number {
  const rnd = mulberry32(seed);
  const memo = new Map<string, number>();
  return (name, version) => {
    const key = `${name}==${version}`;
    let s = memo.get(key);
    if (s === undefined) memo.set(key, (s = 2 * rnd() - 1));
    return s;
  };
}

function kernelRate(g: CompiledGraph, seconds: number): { perSecond: number; stacks: number; deadEnds: number } {
  const k = createRolloutKernel(g);
  let stacks = 0;
  let deadEnds = 0;
  let n = 0;
  for (let i = 0; i < 20_000; i++) { k.reset(); k.complete(UNIFORM, i); } // warm-up (JIT)
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 10_000; i++, n++) {
      k.reset();
      k.complete(UNIFORM, n);
      if (k.state.deadEnd >= 0) deadEnds++;
      else stacks++;
    }
    elapsed = performance.now() - t0;
  }
  return { perSecond: n / (elapsed / 1000), stacks, deadEnds };
}

const EXACT_NODES = 100_000;

function timeExact(g: CompiledGraph, topK: number) {
  branchAndBound(g, { topK, maxNodes: 1000 }); // warm-up
  const t0 = performance.now();
  const r = branchAndBound(g, { topK, maxNodes: EXACT_NODES });
  return { r, ms: performance.now() - t0 };
}

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

const predictors: Record<string, (g: CompiledGraph, seed: number) => Predictor> = {
  latest: (g, seed) => createLatest(g, { seed }),
  "random-walk": (_g, seed) => createRandomWalk({ seed }),
  "hill-climbing": (g, seed) => createHillClimbing(g, { seed }),
  annealing: (g, seed) => createAnnealing(g, { seed }),
  td: (g, seed) => createTd(g, { seed }),
  mcts: (g, seed) => createMcts(g, { seed }),
};

export async function bench(): Promise<string> {
  const flask = await flaskUniverse(randomScores(SCORE_SEED));
  const tf = await tensorflowUniverse(randomScores(SCORE_SEED));
  if (flask === null || tf === null) return `## Search core\n\n${SHARED_MISSING}\n`;
  const lines: string[] = ["## Search core (rollout kernel, exact, predictors)", ""];
  lines.push(`Random score per (package, version) uniform in [-1, 1] (mulberry32 seed ${SCORE_SEED}). One core, in-process.`, "");

  lines.push(`| universe | packages | candidates | stacks (exact count) | count time (ms) | kernel rollouts/s | of which stacks | exact optimum (or incumbent ≤ bound at ${fmt(EXACT_NODES)} nodes) | exact time (ms) | B&B nodes | top-10 time (ms) |`);
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  /** Per universe: the proven optimum, or the proven upper bound when the node budget ran out. */
  const optimum = new Map<string, { value: number; proven: boolean }>();
  for (const [name, g] of [["Flask 2020 (py3.6)", flask], ["tensorflow==2.1.0 (py3.7)", tf]] as const) {
    const t0 = performance.now();
    const count = countStacks(g, { maxNodes: 2_000_000 });
    const countMs = performance.now() - t0;
    const rate = kernelRate(g, 2);
    const exact = timeExact(g, 1);
    const top10 = timeExact(g, 10);
    const opt = exact.r.status === "optimal" ? (exact.r.optimum?.score ?? NaN) : NaN;
    optimum.set(name, exact.r.status === "optimal" ? { value: opt, proven: true } : { value: exact.r.upperBound, proven: false });
    lines.push(
      `| ${name} | ${g.packageCount - 1} | ${g.candidateCount} | ${count.status === "exact" ? count.text : "over 2M nodes"} | ${count.status === "exact" ? fmt(countMs, 1) : "-"} | ${fmt(rate.perSecond)} | ${fmt((100 * rate.stacks) / (rate.stacks + rate.deadEnds), 1)} % | ${exact.r.status === "optimal" ? fmt(opt, 4) : `not proven: ${fmt(exact.r.incumbent?.score ?? NaN, 4)} ≤ opt ≤ ${fmt(exact.r.upperBound, 4)}`} | ${fmt(exact.ms, 1)} | ${fmt(exact.r.stats.nodes)} | ${top10.r.status === "optimal" ? fmt(top10.ms, 1) : "limit"} |`,
    );
  }
  lines.push("");

  for (const [name, g] of [["Flask 2020 (py3.6)", flask], ["tensorflow==2.1.0 (py3.7)", tf]] as const) {
    const known = optimum.get(name) ?? { value: NaN, proven: false };
    const opt = known.value;
    const what = known.proven ? `optimum (${fmt(opt, 4)})` : `proven upper bound (${fmt(opt, 4)}; the optimum is not proven, so these ratios are lower bounds)`;
    lines.push(`Best score / ${what} on ${name}, after 1,000 and 10,000 stacks scored; batches of 64; mean over seeds 1, 2, 3 (min in brackets); dead ends and wall time for the 10,000 run.`, "");
    lines.push("| predictor | after 1,000 | after 10,000 | dead ends per stack | time for 10,000 (ms) |");
    lines.push("| --- | ---: | ---: | ---: | ---: |");
    for (const [pname, make] of Object.entries(predictors)) {
      const at1k: number[] = [];
      const at10k: number[] = [];
      let dead = 0;
      let stacks = 0;
      let ms = 0;
      for (const seed of [1, 2, 3]) {
        const t0 = performance.now();
        const r = await runSearch(make(g, seed), { budget: 10_000, batchSize: 64, runner: createInProcessRunner(g) });
        ms += performance.now() - t0;
        at1k.push(bestWithin(r, 1000) / opt);
        at10k.push(bestWithin(r, 10_000) / opt);
        dead += r.deadEnds;
        stacks += r.stacks;
      }
      const cell = (xs: number[]) => `${fmt(xs.reduce((a, b) => a + b, 0) / xs.length, 3)} (${fmt(Math.min(...xs), 3)})`;
      lines.push(`| ${pname} | ${cell(at1k)} | ${cell(at10k)} | ${fmt(dead / Math.max(1, stacks), 2)} | ${fmt(ms / 3)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
