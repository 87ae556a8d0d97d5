/**
 * Resolver kernel benchmark: the PubGrub solver on generated universes (a random 200 × 30 one,
 * the same with a pigeonhole unsatisfiable core hidden among its requirements) and the state
 * space's pin/undo rate for rollouts. Reports figures, asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { type GraphInput, type PackageInput, buildGraph } from "../../core/graph/build.js";
import { type CompiledGraph, ROOT } from "../../core/graph/compiled-graph.js";
import { randomUniverse, solve, STOP_CHECK_INTERVAL } from "../../core/resolver/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { PIN_OK, createState, nextAllowed, pin, popcount, propagateUnits, undoTo } from "../../core/state/index.js";

const BASE = { packages: 200, versions: 30, edgeProbability: 0.015, maskDensity: 0.75, exclusionProbability: 0.05, extras: 5, rootRequirements: 12, cycles: false, missingProbability: 0, nonEmptyMasks: true };

/** Adds pigeonhole PHP(n+1, n): pigeons q0..qn (required by the root), version j = hole j, hole hj admits one pigeon. */
function withPigeonholeCore(input: GraphInput, holes: number): GraphInput {
  const pigeons = holes + 1;
  const holePackages: PackageInput[] = Array.from({ length: holes }, (_, j) => ({
    name: `hole${j}`,
    versions: Array.from({ length: pigeons }, (_, i) => ({ version: `${pigeons - i}`, deps: [] })),
  }));
  const pigeonPackages: PackageInput[] = Array.from({ length: pigeons }, (_, i) => ({
    name: `pigeon${i}`,
    versions: Array.from({ length: holes }, (_, j) => ({
      version: `${holes - j}.0`,
      deps: [{ target: `hole${j}`, allowed: [`${pigeons - i}`], spec: `hole${j}==${pigeons - i}` }],
    })),
  }));
  return {
    root: [...input.root, ...pigeonPackages.map((p) => ({ target: p.name, allowed: p.versions.map((v) => v.version), spec: p.name }))],
    packages: [...input.packages, ...holePackages, ...pigeonPackages],
  };
}

function edgeCount(g: CompiledGraph): number {
  return g.edgeStart[g.candidateCount];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function solveRow(label: string, g: CompiledGraph): string {
  const times: number[] = [];
  let last = solve(g);
  for (let i = 0; i < 10; i++) solve(g); // warm-up (JIT)
  const reps = 15;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = solve(g);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const st = last.stats;
  const result = last.status === "resolved" ? `resolved (${Array.from(last.pins).filter((v) => v >= 0).length - 1} installed)` : last.status;
  return `| ${label} | ${g.packageCount - 1} | ${g.candidateCount} | ${edgeCount(g)} | ${result} | ${st.decisions} | ${st.conflicts} | ${st.learned} | ${st.backjumps} | ${st.propagations} | ${ms.toFixed(2)} | ${Math.round(st.decisions / (ms / 1000)).toLocaleString("en-US")} |`;
}

/**
 * The stop check's cost (issue 15 item 1): an advise's solve asks its deadline (`performance.now()`
 * against a far deadline here) every STOP_CHECK_INTERVAL steps of work. Same run, interleaved:
 * median time without and with the check, and the number of checks per solve.
 */
function stopCheckRow(label: string, g: CompiledGraph): string {
  const deadline = performance.now() + 3_600_000;
  let checks = 0;
  const options = { shouldStop: () => (checks++, performance.now() > deadline) };
  for (let i = 0; i < 10; i++) {
    solve(g, options);
    solve(g);
  }
  const plain: number[] = [];
  const checked: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t0 = performance.now();
    solve(g);
    plain.push(performance.now() - t0);
    checks = 0;
    t0 = performance.now();
    solve(g, options);
    checked.push(performance.now() - t0);
  }
  const [a, b] = [median(plain), median(checked)];
  return `| ${label} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(3)} | ${checks} |`;
}

/** Random rollouts on the state space: pin a random allowed version of a random unresolved package, propagate, until final or dead end; undo to the start. */
function rolloutRate(g: CompiledGraph, rollouts: number): { pinsPerSecond: number; rolloutsPerSecond: number; finals: number } {
  const s = createState(g);
  const rnd = mulberry32(42);
  const open = new Int32Array(g.packageCount);
  let pins = 0;
  let finals = 0;
  const t0 = performance.now();
  for (let r = 0; r < rollouts; r++) {
    undoTo(s, 0);
    let dead = propagateUnits(s) !== PIN_OK;
    pins += s.depth;
    while (!dead && s.unresolvedCount > 0) {
      let n = 0;
      for (let p = 0; p < g.packageCount; p++) if (s.requiredBy[p] > 0 && s.pins[p] < 0) open[n++] = p;
      const p = open[Math.floor(rnd() * n)];
      const k = Math.floor(rnd() * popcount(s, p));
      let v = nextAllowed(s, p, 0);
      for (let i = 0; i < k; i++) v = nextAllowed(s, p, v + 1);
      const before = s.depth;
      dead = pin(s, p, v) !== PIN_OK || propagateUnits(s) !== PIN_OK;
      pins += s.depth - before;
    }
    if (!dead) finals++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { pinsPerSecond: pins / seconds, rolloutsPerSecond: rollouts / seconds, finals };
}

export async function bench(): Promise<string> {
  const rows: string[] = [];
  for (const seed of [1, 2, 3]) {
    const g = buildGraph(randomUniverse(seed, BASE));
    rows.push(solveRow(`random 200×30, seed ${seed}`, g));
  }
  for (const holes of [4, 5, 6, 7]) {
    const g = buildGraph(withPigeonholeCore(randomUniverse(1, BASE), holes));
    rows.push(solveRow(`random 200×30 + pigeonhole ${holes + 1}→${holes} (unsat core)`, g));
  }
  const stopRows: string[] = [];
  for (const seed of [1, 2]) stopRows.push(stopCheckRow(`random 200×30, seed ${seed}`, buildGraph(randomUniverse(seed, BASE))));
  for (const holes of [6, 7]) stopRows.push(stopCheckRow(`random 200×30 + pigeonhole ${holes + 1}→${holes}`, buildGraph(withPigeonholeCore(randomUniverse(1, BASE), holes))));
  const g = buildGraph(randomUniverse(1, BASE));
  rolloutRate(g, 200);
  const rate = rolloutRate(g, 2000);
  if (g.names[ROOT] === undefined) throw new Error("unreachable");
  return [
    "## Resolver kernel (core/resolver, core/state)",
    "",
    "PubGrub with conflict learning on generated universes (`randomUniverse`, 200 packages of up to 30 versions, ~3 dependencies per candidate, 5 extras). Median of 15 runs after 10 warm-up runs, one thread; newest-first preference; the time includes building the graph's incompatibilities on the first call only (they are cached per graph).",
    "",
    "| instance | packages | candidates | edges | result | decisions | conflicts | learned | backjumps | derivations | time (ms) | decisions/s |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "State space, random rollouts with unit propagation on the seed-1 universe (2000 rollouts, pin + propagate until final or dead end, undo to the start):",
    "",
    "| pins/s | rollouts/s | final states |",
    "| ---: | ---: | ---: |",
    `| ${Math.round(rate.pinsPerSecond).toLocaleString("en-US")} | ${Math.round(rate.rolloutsPerSecond).toLocaleString("en-US")} | ${rate.finals} / 2000 |`,
    "",
    `The stop check an advise's solves ask (its deadline, Ctrl-C; every ${STOP_CHECK_INTERVAL} steps of work), same run, interleaved, median of 15:`,
    "",
    "| instance | solve (ms) | with the check (ms) | ratio | checks per solve |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...stopRows,
  ].join("\n");
}
