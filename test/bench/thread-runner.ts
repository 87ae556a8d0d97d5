/**
 * Thread-pool runner benchmark: stacks scored per second by createInProcessRunner and by the
 * Piscina RolloutPool (adapters/piscina) with 1 and 2 threads, batches of 16 to 1024 requests run
 * one after another as a search runs them (await each batch), on the Flask and tensorflow==2.1.0
 * universes; where two threads start to beat the kernel inline (createThreadRunner's inlineBelow);
 * and one td search of 20,000 stacks on each runner. Reports figures, asserts nothing.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { RolloutPool, createThreadRunner, inlineBelowFor, shareGraph } from "../../adapters/piscina/index.js";
import type { CompiledGraph } from "../../core/graph/index.js";
import { createTd, runSearch } from "../../core/predictor/index.js";
import { requestSeed } from "../../core/random/index.js";
import { type RolloutPolicy, type RolloutRequest, type RolloutResult, type RolloutRunner, UNIFORM, createInProcessRunner } from "../../core/rollout/index.js";
import { flaskUniverse, tensorflowUniverse } from "../experiment/universes.js";
import { SHARED_MISSING } from "../support/shared-data.js";

const BATCH_SIZES = [16, 32, 64, 128, 256, 512, 1024];
const SECONDS = 0.3;
const TRIALS = 3;

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** A score in [-1, 1] per (package, version) from a hash of its name and version (independent of call order). */
function hashedScore(name: string, version: string): number {
  let h = 0x811c9dc5;
  const text = `${name}==${version}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return 2 * ((h >>> 0) / 4294967296) - 1;
}

/** The greedy rollout policy MCTS uses by default: softmax over the static scores. */
function greedyPolicy(g: CompiledGraph): RolloutPolicy {
  let spread = 0;
  for (let c = 0; c < g.candidateCount; c++) spread = Math.max(spread, Math.abs(g.score[c]));
  return { kind: "softmax", values: g.score, temperature: 0.2 * spread };
}

/**
 * Stacks scored per second running batches of `size` one after another: the best of TRIALS runs of
 * about SECONDS (other load only slows a run down), with the CPU time of the whole process (every
 * thread) per stack in that run.
 */
async function stacksPerSecond(run: (requests: readonly RolloutRequest[]) => Promise<RolloutResult[]>, policy: RolloutPolicy, size: number) {
  const empty = new Int32Array(0);
  let next = 0;
  const batch = (): RolloutRequest[] => Array.from({ length: size }, () => ({ id: next, prefix: empty, seed: requestSeed(7, next++), policy }));
  for (let i = 0; i < Math.max(20, 20_000 / size); i++) await run(batch()); // warm-up (JIT on both sides)
  let best = { rate: 0, cpuUs: NaN };
  for (let trial = 0; trial < TRIALS; trial++) {
    let stacks = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < SECONDS * 1000) {
      for (const r of await run(batch())) if (r.kind === "stack") stacks++;
      elapsed = performance.now() - t0;
    }
    const cpu = process.cpuUsage(cpu0);
    const rate = stacks / (elapsed / 1000);
    if (rate > best.rate) best = { rate, cpuUs: (cpu.user + cpu.system) / stacks };
  }
  return best;
}

/** The least time of `reps` calls of `fn`, in ms (other load only adds time). */
async function minMs(fn: () => Promise<unknown>, reps: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Where two threads start to beat the kernel inline: kernel µs per rollout, pool round trips, and the crossover batch. */
async function crossover(g: CompiledGraph, policy: RolloutPolicy, pools: readonly RolloutPool[]) {
  const shared = shareGraph(g);
  const empty = new Int32Array(0);
  const batch = (n: number): RolloutRequest[] => Array.from({ length: n }, (_, i) => ({ id: i, prefix: empty, seed: requestSeed(3, i), policy }));
  const inProcess = createInProcessRunner(g);
  const one = batch(1);
  const two = batch(2);
  const many = batch(256);
  await minMs(() => pools[0].runMessage(shared, one), 100);
  await minMs(() => inProcess.run(many), 50);
  const kernelUs = (1000 * (await minMs(() => inProcess.run(many), 100))) / 256;
  const roundTripUs = 1000 * (await minMs(() => pools[0].runMessage(shared, one), 300));
  const splitUs = 1000 * (await minMs(() => pools[1].run(shared, two), 300));
  // Inline n × k against two threads n × k / 2 + split: equal at n = 2 × split / k.
  const requests = (2 * splitUs) / kernelUs;
  return { kernelUs, roundTripUs, splitUs, requests, work: requests * g.candidateCount };
}

async function searchMs(g: CompiledGraph, runner: RolloutRunner): Promise<number> {
  const t0 = performance.now();
  await runSearch(createTd(g, { seed: 1 }), { budget: 20_000, batchSize: 256, runner });
  return performance.now() - t0;
}

export async function bench(): Promise<string> {
  const title = "## Thread-pool runner (adapters/piscina)";
  const flask = await flaskUniverse(hashedScore);
  const tf = await tensorflowUniverse(hashedScore);
  if (flask === null || tf === null) return `${title}\n\n${SHARED_MISSING}\n`;
  const lines = [title, ""];
  lines.push(
    `Stacks scored per second; batches of n requests (softmax over the static scores, as MCTS rolls out), each awaited before the next, ` +
      `the best of ${TRIALS} runs of ${SECONDS} s per cell after a warm-up. ${availableParallelism()} cores, load average ${fmt(loadavg()[0], 1)} at the start. "pool" is RolloutPool.run (the batch split over the threads, ` +
      "the graph in a SharedArrayBuffer decoded once per thread); in-process is createInProcessRunner on the calling thread. " +
      "CPU time counts every thread of the process: on a machine with other load it shows what the pool costs where wall time cannot.",
    "",
  );
  const pools = [new RolloutPool({ threads: 1 }), new RolloutPool({ threads: 2 })];
  try {
    for (const [name, g] of [["Flask 2020 (py3.6)", flask], ["tensorflow==2.1.0 (py3.7)", tf]] as const) {
      const policy = greedyPolicy(g);
      const shared = shareGraph(g);
      const inProcess = createInProcessRunner(g);
      lines.push(`${name}: ${g.packageCount - 1} packages, ${g.candidateCount} candidates.`, "");
      lines.push("| batch | in-process | pool, 1 thread | pool, 2 threads | 2 threads / in-process | CPU µs per stack: in-process | pool, 2 threads |");
      lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      /** The smallest batch from which on two threads beat in-process at every larger size. */
      let from: number | null = null;
      for (const size of BATCH_SIZES) {
        const a = await stacksPerSecond((r) => inProcess.run(r), policy, size);
        const b = await stacksPerSecond((r) => pools[0].run(shared, r), policy, size);
        const c = await stacksPerSecond((r) => pools[1].run(shared, r), policy, size);
        lines.push(`| ${size} | ${fmt(a.rate)} | ${fmt(b.rate)} | ${fmt(c.rate)} | ${fmt(c.rate / a.rate, 2)} | ${fmt(a.cpuUs, 2)} | ${fmt(c.cpuUs, 2)} |`);
        if (c.rate <= a.rate) from = null;
        else from ??= size;
      }
      lines.push("", from === null
        ? "Two threads do not beat in-process at the largest batch."
        : `Two threads beat in-process from batches of ${from} on (${fmt(from * g.candidateCount)} requests × candidates); createThreadRunner inlines below ${inlineBelowFor(g)}.`);
      lines.push("", "| policy | kernel µs per rollout | 1-request task round trip (µs) | 2 requests on 2 threads (µs) | crossover (requests) | × candidates |");
      lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
      for (const p of [UNIFORM, policy]) {
        const c = await crossover(g, p, pools);
        lines.push(`| ${p.kind} | ${fmt(c.kernelUs, 2)} | ${fmt(c.roundTripUs)} | ${fmt(c.splitUs)} | ${fmt(c.requests)} | ${fmt(c.work)} |`);
      }
      const ms = [await searchMs(g, inProcess), await searchMs(g, createThreadRunner(pools[1], g))];
      lines.push("", `td search, 20,000 stacks, batches of 256: in-process ${fmt(ms[0])} ms, createThreadRunner on 2 threads (inlineBelow ${inlineBelowFor(g)}) ${fmt(ms[1])} ms.`, "");
    }
  } finally {
    await Promise.all(pools.map((p) => p.destroy()));
  }
  return lines.join("\n");
}
