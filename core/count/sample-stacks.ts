import type { CompiledGraph } from "../graph/index.js";
import { mulberry32 } from "../random/index.js";
import { pinnedPackages } from "../report/index.js";
import { stackCounter } from "./count-stacks.js";
import { oneChangeStacks } from "./one-change.js";

/**
 * How `maat sample` draws: `uniform` among all valid stacks (by the exact count); `random`: at
 * each package a version taken with equal chance among those that leave a stack (Thoth's
 * dependency monkey's random decisions: no dead ends, but not uniform over stacks); `newest` /
 * `oldest`: the stacks in lexicographic order over the counter's decisions, newest (oldest)
 * versions first (StackCounter.ranked; not seeded); `one-change`: the stacks that differ from a
 * base stack (the advised stack) in exactly one package's version, in seeded order.
 */
export type SampleRule = "uniform" | "random" | "newest" | "oldest" | "one-change";
export const SAMPLE_RULES: readonly SampleRule[] = ["uniform", "random", "newest", "oldest", "one-change"];

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

/** The choice of a drawing rule over the per-version stack counts. */
export function ruleChoice(rule: "uniform" | "random", random: () => number): (weights: readonly bigint[]) => number {
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
  /** The stack `one-change` varies (name to version); required by that rule. */
  readonly base?: Readonly<Record<string, string>>;
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
 * them then) or the draws run out; `total` is the exact number of stacks the rule draws from (for
 * `one-change`: the stacks one version away from the base).
 */
export function sampleStacks(graph: CompiledGraph, options: SampleOptions): SampleResult {
  if (options.rule === "one-change") return oneChangeSample(graph, options);
  const counter = stackCounter(graph, options.maxNodes === undefined ? {} : { maxNodes: options.maxNodes });
  const counted = counter.count();
  if (counted.status !== "exact") return { status: "limit" };
  const total = counted.count;
  const want = BigInt(options.count) < total ? options.count : Number(total);
  const rule = options.rule;
  const choose = rule === "uniform" || rule === "random" ? ruleChoice(rule, mulberry32(options.seed)) : null;
  const seen = new Set<string>();
  const stacks: Record<string, string>[] = [];
  const maxDraws = options.maxDraws ?? 20 * options.count + 100;
  let draws = 0;
  while (stacks.length < want && draws < maxDraws) {
    // newest/oldest: rank after rank (distinct final states; extras folded may repeat a stack)
    const pins = choose === null ? counter.ranked(BigInt(draws), rule === "oldest" ? "oldest" : "newest") : counter.sample(choose);
    draws++;
    if (pins === null) {
      if (choose === null && BigInt(draws) > total) break;
      return { status: "limit" };
    }
    const stack = pinnedPackages(graph, pins);
    const key = JSON.stringify(stack);
    if (seen.has(key)) continue;
    seen.add(key);
    stacks.push(stack);
  }
  return { status: "ok", stacks, total, draws };
}

/** Fisher-Yates with a seeded generator. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function oneChangeSample(graph: CompiledGraph, options: SampleOptions): SampleResult {
  if (options.base === undefined) throw new Error("sampleStacks: the one-change rule needs a base stack");
  const all = oneChangeStacks(graph, options.base);
  const stacks = shuffled(all, mulberry32(options.seed)).slice(0, options.count);
  return { status: "ok", stacks, total: BigInt(all.length), draws: all.length };
}
