import { describe, expect, it } from "vitest";
import { buildGraph, type CompiledGraph } from "../graph/index.js";
import { randomUniverse } from "../resolver/index.js";
import { createInProcessRunner, judgedStack, UNIFORM, type RolloutRequest } from "../rollout/index.js";
import { deserializeStackRules, serializeStackRules, STACK_RULES_FORMAT, type StackRules } from "./index.js";
import { randomRules } from "./random-rules.test-support.js";

const universe = (seed: number): CompiledGraph =>
  buildGraph(randomUniverse(seed, { packages: 14, versions: 40, edgeProbability: 0.25, maskDensity: 0.7, exclusionProbability: 0.05, extras: 1, rootRequirements: 4 }));

const requests = (n: number): RolloutRequest[] => Array.from({ length: n }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: 7 + i, policy: UNIFORM }));

/** The verdicts of `rules` on the stacks of 300 uniform rollouts, as plain data. */
function verdicts(g: CompiledGraph, rules: StackRules): unknown[] {
  const out: unknown[] = [];
  const v = judgedStack();
  for (const r of createInProcessRunner(g).runSync(requests(300))) {
    if (r.kind !== "stack") continue;
    rules.judgeStack(r.pins, v);
    out.push({ ...v, judgement: rules.judge(r.pins) });
  }
  return out;
}

describe("serialised stack rules", () => {
  it("round-trip: the same bytes, key, rejected reward, stops and verdict on every stack (groups, rejections, eager stops, the boot stop)", () => {
    let judged = 0;
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const g = universe(seed);
      const rules = randomRules(g, seed, { bootStop: seed % 4 === 0 });
      expect(rules.predicates.length).toBeGreaterThan(10);
      const back = deserializeStackRules(g, rules.bytes, rules.key);
      if (!back.ok) throw new Error(back.error);
      const r = back.value;
      expect(serializeStackRules(r)).toEqual(rules.bytes);
      expect(r.key).toBe(rules.key);
      expect(r.key.startsWith(`${g.hash}-rules-`)).toBe(true);
      expect({ reward: r.rejectedReward, stops: r.stops, empty: r.empty, complete: r.complete, bootStop: r.bootStop })
        .toEqual({ reward: rules.rejectedReward, stops: rules.stops, empty: rules.empty, complete: rules.complete, bootStop: rules.bootStop });
      const expected = verdicts(g, rules);
      expect(verdicts(g, r)).toEqual(expected);
      judged += expected.length;
      for (const v of expected as { accepted: boolean; stop: number }[]) kinds.add(!v.accepted ? "rejected" : v.stop >= 0 ? "stop" : "accepted");
    }
    expect(judged).toBeGreaterThan(1000);
    expect([...kinds].sort()).toEqual(["accepted", "rejected", "stop"]);
  });

  it("are keyed by content: other weights or other rules give another key; rules for another graph are refused", () => {
    const g = universe(3);
    const rules = randomRules(g, 3);
    expect(randomRules(g, 3).key).toBe(rules.key);
    expect(randomRules(g, 3, { scale: 2 }).key).not.toBe(rules.key);
    expect(randomRules(g, 4).key).not.toBe(rules.key);
    const other = universe(5);
    expect(deserializeStackRules(other, rules.bytes)).toEqual({ ok: false, error: `stack rules: compiled for graph ${g.hash}, not ${other.hash}` });
  });

  it("refuse damaged bytes, naming what is off", () => {
    const g = universe(2);
    const rules = randomRules(g, 2);
    const bytes = rules.bytes;
    const bad = (b: Uint8Array, key?: string) => {
      const r = deserializeStackRules(g, b, key);
      return r.ok ? "accepted" : r.error;
    };
    expect(bad(bytes.slice(0, 10))).toMatch(/shorter than the header/);
    expect(bad(bytes.slice(0, bytes.length - 8))).toMatch(/runs past the end|bytes left/);
    const format = bytes.slice();
    new DataView(format.buffer).setUint32(4, STACK_RULES_FORMAT + 1, true);
    expect(bad(format)).toBe(`stack rules: format ${STACK_RULES_FORMAT + 1} is not ${STACK_RULES_FORMAT}`);
    const magic = bytes.slice();
    magic[0] ^= 0xff;
    expect(bad(magic)).toMatch(/no MSRL magic/);
    const flipped = bytes.slice();
    flipped[flipped.length - 1] ^= 1;
    expect(bad(flipped, rules.key)).toMatch(new RegExp(`stack rules ${rules.key}: the bytes' key is ${g.hash}-rules-`));
    // A candidate id past the graph: the last int32 of the candidates section is the last predicate's candidate.
    const wrong = serializeStackRules({ ...rules, predicates: [{ ...rules.predicates[0], candidates: Int32Array.of(g.candidateCount) }] });
    expect(bad(wrong)).toBe(`stack rules: predicates[0]: candidate ${g.candidateCount} is not a candidate of graph ${g.hash}`);
  });
});
