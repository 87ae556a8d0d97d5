import type { StaticStepUnit } from "../pipeline/index.js";
import { mulberry32 } from "../random/index.js";

/**
 * A score per (package, version), uniform in [-1, 1], drawn from a seed: the same name, version
 * and seed always give the same score, whatever order candidates are asked in.
 */
export function randomScores(seed: number): (name: string, version: string) => number {
  return (name, version) => {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    const text = `${name}\u0000${version}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    const random = mulberry32(h);
    random();
    return random() * 2 - 1;
  };
}

/**
 * randomScores as a pipeline step (term `scores`): with the objective's weight `recency=0` the
 * random scores are the whole objective, as in Thoth's Flask experiment.
 */
export function randomScoreStep(seed: number): StaticStepUnit {
  const score = randomScores(seed);
  return { kind: "step", scope: "candidate", name: "random-scores", term: "scores", run: (name, version) => ({ acceptable: true, score: score(name, version) }) };
}
