/**
 * `make bench ONLY=exact`: exact proofs. Per instance (graph, objective, stack rules) and K (the
 * number of stacks proven), the exact search's nodes, nodes/s, time to proof (median of 3 runs
 * after a warm-up) and the optimum, or at its time limit the incumbent, the proven upper bound and
 * the gap; beside it, in the same run, the search as it was before the DAG relaxation
 * (exact-baseline.ts) under the same limit. Instances are built as `maat advise` builds them
 * (exact-instances.ts). Measures; asserts nothing.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { branchAndBound, type ExactOptions, type ExactResult } from "../../core/exact/index.js";
import { compileStackRules, type StackJudgement } from "../../core/stack-rules/index.js";
import { judgeOracle, randomRules } from "../support/exact-oracle.js";
import { SHARED_MISSING } from "../support/shared-data.js";
import { baselineBranchAndBound } from "./exact-baseline.js";
import {
  CHALICE, DASK, FLASK_2020, FLASK_TODAY, PANDAS, TF21, pipelineInstance, randomInstance, type ExactInstance, type InstanceRequest,
} from "./exact-instances.js";

/** Each search stops after this long (wall time on this machine). */
const LIMIT_MS = 10_000;
const SEEDS = [1, 2, 3];

interface Case {
  readonly instance: ExactInstance;
  readonly objective: string;
  readonly rules?: ExactOptions["rules"];
}

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** The median time of `runs` searches (one when the first reaches the limit). */
function timed(search: typeof branchAndBound, c: Case, k: number, runs: number): { r: ExactResult; ms: number } {
  const times: number[] = [];
  let r: ExactResult | undefined;
  for (let i = 0; i < runs && (r === undefined || r.status === "optimal"); i++) {
    const t0 = performance.now();
    r = search(c.instance.graph, { topK: k, rules: c.rules, shouldStop: () => performance.now() - t0 > LIMIT_MS });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { r: r as ExactResult, ms: times[Math.floor(times.length / 2)] };
}

function cells(r: ExactResult, ms: number): string {
  const seconds = ms / 1000;
  const rate = r.stats.nodes > 0 && seconds > 0 ? fmt(r.stats.nodes / seconds) : "-";
  if (r.status === "optimal") {
    const value = r.optimum === null ? "no stack" : fmt(r.optimum.score, 4);
    return `proven | ${fmt(r.stats.nodes)} | ${rate} | **${fmt(ms, 0)}** | ${value} | 0`;
  }
  const inc = r.incumbent === null ? "none" : fmt(r.incumbent.score, 4);
  return `not proven in ${fmt(LIMIT_MS / 1000)} s | ${fmt(r.stats.nodes)} | ${rate} | - | ${inc} ≤ opt ≤ ${fmt(r.upperBound, 4)} | ${fmt(r.gap, 4)}`;
}

async function pipelineCase(name: string, request: InstanceRequest, objective: string): Promise<Case | null> {
  const instance = await pipelineInstance(name, request);
  if (instance === null || instance.pipeline === null) return null;
  const compiled = compileStackRules(instance.graph, instance.pipeline);
  const rules = compiled.empty ? undefined : { predicates: compiled.predicates, judge: (pins: Int32Array): StackJudgement => compiled.judge(pins) };
  return { instance, objective: rules ? `${objective} (${compiled.predicates.length} state steps)` : objective, rules };
}

async function cases(): Promise<Case[] | null> {
  const out: (Case | null)[] = [];
  const stable = { recommendation: "stable", advisories: true } as const;
  out.push(await pipelineCase("tensorflow==2.1.0 (py3.7)", { ...TF21, ...stable, prescriptions: true }, "(a) stable + advisories + prescriptions"));
  out.push(await pipelineCase("tensorflow==2.1.0 (py3.7)", { ...TF21, ...stable }, "stable + advisories"));
  out.push(await pipelineCase("tensorflow==2.1.0 (py3.7)", { ...TF21, recommendation: "stable" }, "stable (recency only)"));
  for (const seed of SEEDS) {
    const instance = await randomInstance("tensorflow==2.1.0 (py3.7)", TF21, seed);
    if (instance) out.push({ instance, objective: `(b) random additive, seed ${seed}` });
  }
  out.push(await pipelineCase("flask (Flask graph, py3.8; jinja2<3, click)", { ...FLASK_TODAY, ...stable }, "stable + advisories"));
  out.push(await pipelineCase("flask (Flask graph, py3.8; jinja2<3, click)", { ...FLASK_TODAY, ...stable, prescriptions: true }, "stable + advisories + prescriptions"));
  out.push(await pipelineCase("flask (Flask 2020 universe, py3.6)", { ...FLASK_2020, ...stable, prescriptions: true }, "stable + advisories + prescriptions"));
  for (const seed of SEEDS) {
    const instance = await randomInstance("flask (Flask 2020 universe, py3.6)", FLASK_2020, seed);
    if (instance) out.push({ instance, objective: `random additive, seed ${seed}` });
  }
  for (const [name, request] of [["chalice (2020-02-13, py3.8)", CHALICE], ["pandas[test] (2020-02-15, py3.8)", PANDAS], ["dask[complete] (2020-02-13, py3.8)", DASK]] as const) {
    out.push(await pipelineCase(name, { ...request, ...stable }, "stable + advisories"));
    for (const seed of SEEDS) {
      const instance = await randomInstance(name, request, seed);
      if (instance) out.push({ instance, objective: `random additive, seed ${seed}` });
    }
  }
  // Non-additive: random additive scores plus random state-dependent rules (the rules' bound at work).
  for (const count of [5, 20]) {
    const instance = await randomInstance("tensorflow==2.1.0 (py3.7)", TF21, 1);
    if (instance === null) continue;
    const predicates = randomRules(instance.graph, 1, count, 0.05);
    const judge = (pins: Int32Array) => judgeOracle(instance.graph, predicates, pins);
    out.push({ instance, objective: `random additive, seed 1, + ${count} random state steps`, rules: { predicates, judge } });
  }
  if (out.some((c) => c === null)) return null;
  return out as Case[];
}

export async function bench(): Promise<string> {
  const all = await cases();
  if (all === null) return `## Exact proofs\n\n${SHARED_MISSING}\n`;
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  // Warm-up (JIT) on the largest instance.
  branchAndBound(all[0].instance.graph, { topK: 3 });
  baselineBranchAndBound(all[0].instance.graph, { maxNodes: 20_000 });
  const lines = [
    "## Exact proofs (`make bench ONLY=exact`)",
    "",
    `One core, in process; each search stops after ${fmt(LIMIT_MS / 1000)} s. Time to proof = median of 3 runs (greedy start, multiplier tuning and search); a search that reaches the limit runs once. \`before\` = the search before the DAG relaxation (commit 9da9386: tree relaxation, branching on the most depended-on package), same limit, K = 1, additive objectives. Load average at the start: ${load} (2 cores, shared).`,
    "",
    "| instance | objective | packages | K | search | status | nodes | nodes/s | time to proof (ms) | optimum (or incumbent ≤ opt ≤ bound) | gap |",
    "| --- | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | --- | ---: |",
  ];
  for (const c of all) {
    for (const k of [1, 3]) {
      const now = timed(branchAndBound, c, k, 3);
      lines.push(`| ${c.instance.name} | ${c.objective} | ${c.instance.graph.packageCount - 1} | ${k} | DAG relaxation | ${cells(now.r, now.ms)} |`);
      if (k === 1 && c.rules === undefined) {
        const before = timed(baselineBranchAndBound, c, k, 1);
        lines.push(`|  |  |  | ${k} | before (tree relaxation) | ${cells(before.r, before.ms)} |`);
      }
    }
  }
  lines.push("", `Load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(", ")}.`);
  return lines.join("\n");
}
