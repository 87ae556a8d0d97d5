import type { ObjectiveWeights } from "./objective-weights.js";
import type { StateStepUnit } from "./unit.js";

/**
 * A state step with its score times its objective weight: the same object when its weight is 1
 * or it rejects, else a copy made once per step (judgeStack and the search's stack rules read the
 * same weighted steps).
 */
export function weightedStateSteps(objective: ObjectiveWeights): (step: StateStepUnit) => StateStepUnit {
  const weighted = new Map<StateStepUnit, StateStepUnit>();
  return (s) => {
    let w = weighted.get(s);
    if (w === undefined) {
      const weight = objective.weightOf(s);
      w = weight === 1 || !s.result.acceptable ? s : { ...s, result: { ...s.result, score: s.result.score * weight } };
      weighted.set(s, w);
    }
    return w;
  };
}
