/**
 * The protocol model's predictions for 1 to 256 workers (docs/scaling.md (b)): the rate and
 * efficiency at today's shape, where the coordinator saturates, the smallest leaf parallelism k
 * and in-flight depth D (and batch size) that keep efficiency >= 0.8, and the best score reached
 * per wall-clock second (the embedded search's best score against stacks, at the model's rate).
 */
import { ADVISE_DEFAULTS } from "../../core/advise/index.js";
import { simulateProtocol, type ProtocolShape } from "../../core/experiment/index.js";
import { lineChartSvg } from "../../core/report/index.js";
import type { Calibration } from "./model-calibration.js";

const WORKERS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const KS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const DS = [1, 2, 4, 8, 16];
const BATCHES = [256, 1_024, 4_096];
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a");

export function modelTables(c: Calibration, stackTrace: readonly (readonly [number, number])[]): { lines: string[]; svg: string } {
  const run = (workers: number, batchSize: number, inFlight: number, rollouts: number) => {
    // A cluster where every process has a core: the workers, the coordinator and nats-server.
    const shape: ProtocolShape = { workers, batchSize, inFlight, rollouts, requests: 40 * batchSize, cores: workers + 2 };
    return simulateProtocol(c.costs, shape);
  };
  const bestAt = (stacks: number) => {
    let best = NaN;
    for (const [s, score] of stackTrace) if (s <= stacks) best = score;
    return best;
  };
  const D = ADVISE_DEFAULTS.inFlight;
  const lines = [
    `Predictions for ${c.reference} (stacks/s = rollouts/s × ${fmt(c.stacksPerRollout, 3)}; efficiency = rollouts/s ÷ (workers × one thread's rollouts/s)), on a cluster where every process has a core`,
    `(cores = workers + 2: the coordinator and nats-server too; the measured rows above are modelled on ${c.cores === Infinity ? "a core per process: no CPU counters" : `this machine's ${c.cores} cores`}). "today": batch 256, k = 1, D = ${D}.`,
    "\"smallest k, D, batch for efficiency >= 0.8\": the first that reaches it, k then D then batch smallest; \"best after 1 s / 10 s\": the embedded",
    "search's best score at the stacks the model says that many workers score in that time (quality per stack assumed the same).", "",
    "| workers | today: stacks/s | today: efficiency | coordinator busy | smallest k, D, batch for efficiency >= 0.8 | its stacks/s | best after 1 s | best after 10 s |",
    "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ];
  let saturates = -1;
  const eff: Record<string, [number, number][]> = {};
  for (const w of WORKERS) {
    const today = run(w, 256, D, 1);
    if (saturates < 0 && today.coordinatorBusy >= 0.9) saturates = w;
    let found: { k: number; d: number; b: number; rate: number } | null = null;
    search: for (const k of KS) for (const d of DS) for (const b of BATCHES) {
      const r = run(w, b, d, k);
      if (r.efficiency >= 0.8) { found = { k, d, b, rate: r.rate }; break search; }
    }
    const stacksPerSecond = (found?.rate ?? today.rate) * c.stacksPerRollout;
    lines.push(`| ${w} | ${fmt(today.rate * c.stacksPerRollout)} | ${fmt(today.efficiency, 2)} | ${fmt(today.coordinatorBusy, 2)} | ${found ? `k ${found.k}, D ${found.d}, batch ${found.b}` : "none in k <= 256, D <= 16, batch <= 4,096"} | ${found ? fmt(found.rate * c.stacksPerRollout) : ""} | ${fmt(bestAt(stacksPerSecond), 4)} | ${fmt(bestAt(10 * stacksPerSecond), 4)} |`);
    for (const [name, b, d, k] of [["k 1, D 1, batch 256", 256, 1, 1], [`k 1, D ${D}, batch 256`, 256, D, 1], [`k 8, D ${D}, batch 1024`, 1_024, D, 8], ["k 32, D 8, batch 4096", 4_096, 8, 32]] as const) {
      (eff[name] ??= []).push([w, run(w, b, d, k).efficiency]);
    }
  }
  lines.push("", saturates > 0
    ? `Today's shape (batch 256, k = 1, D = ${D}) saturates the coordinator (busy >= 90%) from ${saturates} workers: past it, workers add nothing.`
    : `Today's shape does not saturate the coordinator up to 256 workers.`, "");
  const svg = lineChartSvg(Object.entries(eff).map(([name, points]) => ({ name, points })),
    { title: "Protocol model: efficiency against workers", xLabel: "workers", yLabel: "efficiency", logX: true, yRange: [0, 1.05] });
  return { lines, svg };
}
