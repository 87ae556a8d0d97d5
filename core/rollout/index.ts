/**
 * The rollout kernel (glossary: rollout, reward, dead end): completes a state to a stack or a dead
 * end by a policy with a seeded RNG, on typed arrays, without allocating in the loop; the request
 * and result data predictors exchange with runners; the in-process runner.
 */
export { createRolloutKernel, PREFIX_INVALID, type RolloutKernel } from "./rollout-kernel.js";
export { type RolloutPolicy, UNIFORM } from "./rollout-policy.js";
export { deadEndReward } from "./dead-end-reward.js";
export { type LeafAggregate, type RolloutRequest, type RolloutResult, deadEndsOf, rolloutsOf, stacksOf } from "./rollout-request.js";
export { leafSeed, MAX_LEAF_ROLLOUTS, runRequest } from "./run-request.js";
export { createInProcessRunner, judgingThrough, type InProcessRunner, type RolloutRunner } from "./rollout-runner.js";
export { judgedStack, type JudgedStack, type PortableJudge, type StackJudge } from "./stack-judge.js";
export { RunnerFailure, runnerFailure, RUNNER_FAILURE_CODES, type RunnerFailureCode } from "./runner-failure.js";
export { type JudgedOutcomes, type RolloutOutcome, outcomeOf, pinsFromPath, resultFromOutcome, stackReward } from "./result-pins.js";
