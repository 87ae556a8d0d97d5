import type { CompiledGraph } from "../graph/index.js";
import { mulberry32 } from "../random/index.js";
import { pinnedPackages } from "../report/index.js";
import { stackCounter } from "./count-stacks.js";

/**
 * How `maat sample` draws: `uniform` among all valid stacks (by the exact count), or `random`: at
 * each package a version taken with equal chance among those that leave a stack (Thoth's
 * dependency monkey's random decisions: no dead ends, but not uniform over stacks).
 */
export type SampleRule = "uniform" | "random";
export const SAMPLE_RULES: readonly SampleRule[] = ["uniform", "random"];

/** A uniform bigint in [0, n) from a [0, 1) generator: 32-bit chunks, rejection above n. */
export function uniformBelow(random: () => number): (n: bigint) => bigint {
  return (n) => {
    const bits = n.toString(2).length;
    for (;;) {
      let x = 0n;
      for (let b = 0; b < bits; b += 32) x = (x << 32n) | BigInt(Math.floor(random() * 4294967296));
      x &= (1n << BigInt(bits)) - 1n;
      if (x < n) return x;
    }
  };
}

/** The choice of a rule over the per-version stack counts. */
export function ruleChoice(rule: SampleRule, random: () => number): (weights: readonly bigint[]) => number {
  const below = uniformBelow(random);
  if (rule === "uniform") {
    return (weights) => {
      let r = below(weights.reduce((a, b) => a + b, 0n));
      for (let i = 0; i < weights.length; i++) {
        if (r < weights[i]!) return i;
        r -= weights[i]!;
      }
      return -1;
    };
  }
  return (weights) => {
    const viable = weights.flatMap((w, i) => (w > 0n ? [i] : []));
    return viable[Math.floor(random() * viable.length)] ?? -1;
  };
}

export interface SampleOptions {
  readonly count: number;
  readonly seed: number;
  readonly rule: SampleRule;
  /** Draws allowed before giving up on more distinct stacks (default 20 × count + 100). */
  readonly maxDraws?: number;
  /** Counting's node limit (CountOptions.maxNodes). */
  readonly maxNodes?: number;
}

export type SampleResult =
  | { readonly status: "ok"; readonly stacks: readonly Readonly<Record<string, string>>[]; readonly total: bigint; readonly draws: number }
  | { readonly status: "limit" };

/**
 * Up to `count` distinct stacks of a graph (name to version), drawn with a seeded generator: the
 * same graph, options and seed give the same stacks. Fewer when the graph has fewer stacks (all of
 * them then) or the draws run out; `total` is the exact number of stacks.
 */
export function sampleStacks(graph: CompiledGraph, options: SampleOptions): SampleResult {
  const counter = stackCounter(graph, options.maxNodes === undefined ? {} : { maxNodes: options.maxNodes });
  const counted = counter.count();
  if (counted.status !== "exact") return { status: "limit" };
  const total = counted.count;
  const want = BigInt(options.count) < total ? options.count : Number(total);
  const choose = ruleChoice(options.rule, mulberry32(options.seed));
  const seen = new Set<string>();
  const stacks: Record<string, string>[] = [];
  const maxDraws = options.maxDraws ?? 20 * options.count + 100;
  let draws = 0;
  while (stacks.length < want && draws < maxDraws) {
    draws++;
    const pins = counter.sample(choose);
    if (pins === null) return { status: "limit" };
    const stack = pinnedPackages(graph, pins);
    const key = JSON.stringify(stack);
    if (seen.has(key)) continue;
    seen.add(key);
    stacks.push(stack);
  }
  return { status: "ok", stacks, total, draws };
}
