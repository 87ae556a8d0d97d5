import type { PredictorInfo } from "../../adapters/grpc/index.js";
import { PREDICTOR_NAMES, type PredictorName } from "../../core/advise/index.js";

const DESCRIPTIONS: Readonly<Record<PredictorName, string>> = {
  auto: "the default: exact with a share of the budget; the proven optimum when it proves one, else mcts seeded with exact's incumbent on the rest, with exact's proven bound",
  mcts: "Monte Carlo tree search (UCT) over partial states, rollouts by softmax over static scores",
  td: "TD(lambda) learning of candidate values, used as a softmax rollout policy",
  annealing: "adaptive simulated annealing over stacks: local moves repaired by rollout, worse stacks accepted by temperature",
  "hill-climbing": "hill climbing with random restarts: the best improving local move of each batch",
  "random-walk": "uniform rollouts from the root; learns nothing (the baseline)",
  latest: "the resolver's newest-first answer, as pip would return it: one stack",
  exact: "branch and bound with the DAG-relaxation bound: the proven top stacks, or the gap when the budget ends first",
};

/** What ListPredictors answers: every predictor core/advise runs, with a line about it. */
export function predictorCatalog(): readonly PredictorInfo[] {
  return PREDICTOR_NAMES.map((name) => ({ name, description: DESCRIPTIONS[name] }));
}
