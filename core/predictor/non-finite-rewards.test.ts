/**
 * Issue 15 item 1: rewards that are not numbers one can compare (Infinity, NaN: once a scores file
 * could sum two 9e307 values to Infinity) never freeze a predictor. Before, mcts's selection found
 * no child with a comparable value, closed nothing and retried forever inside planBatch, which no
 * deadline can interrupt. Scores are bounded now (score-bounds.ts); this guards the loop itself.
 */
import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { randomUniverse } from "../resolver/random-universe.js";
import { createInProcessRunner, type RolloutRunner } from "../rollout/rollout-runner.js";
import { createAnnealing } from "./annealing.js";
import { createHillClimbing } from "./hill-climbing.js";
import { createLatest } from "./latest.js";
import { createMcts } from "./mcts.js";
import { createRandomWalk } from "./random-walk.js";
import { runSearch } from "./run-search.js";
import { createTd } from "./td.js";

const g = buildGraph(randomUniverse(7, { packages: 8, versions: 5, edgeProbability: 0.25, maskDensity: 0.7, exclusionProbability: 0, extras: 0, rootRequirements: 3, cycles: false }));

/** The in-process runner with the reward of every stack whose id is a multiple of 3 replaced by `reward` (the others keep theirs). */
function rewarding(reward: number): RolloutRunner {
  const inner = createInProcessRunner(g);
  return { run: async (requests) => (await inner.run(requests)).map((r) => (r.kind === "stack" && r.id % 3 === 0 ? { ...r, reward } : r)) };
}

describe("predictors under non-finite rewards", () => {
  const makers = {
    mcts: () => createMcts(g, { seed: 1 }), td: () => createTd(g, { seed: 1, horizon: 100 }), annealing: () => createAnnealing(g, { seed: 1, horizon: 100 }),
    "hill-climbing": () => createHillClimbing(g, { seed: 1, patience: 20 }), latest: () => createLatest(g, { seed: 1 }), "random-walk": () => createRandomWalk({ seed: 1 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    for (const reward of [Infinity, -Infinity, NaN]) {
      it(`${name} ends its search when some rewards are ${reward}`, async () => {
        const report = await runSearch(make(), { budget: 200, batchSize: 16, runner: rewarding(reward) });
        expect(report.stacks + report.deadEnds + report.invalid).toBeGreaterThan(0);
        expect(["budget", "exhausted", "max-rollouts"]).toContain(report.stopped);
      }, 10_000);
    }
  }
});
