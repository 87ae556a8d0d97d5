/**
 * The hook by which whoever runs a rollout judges its final stack with the stack rules (state
 * steps, declarative strides, eager stops: core/stack-rules), so that the reward is the product
 * score where the rollout ran. Integer ids only; judging a stack allocates nothing.
 */
export interface StackJudge {
  /** The reward of a stack the rules reject (a dead end at the rejecting package). */
  readonly rejectedReward: number;
  /** Eager stops a stack may ask for; JudgedStack.stop indexes them (0 .. stopCount - 1). */
  readonly stopCount: number;
  /** Judges the stack `pins` (version index per package, -1: not installed) into `out`. */
  judgeStack(pins: Int32Array, out: JudgedStack): void;
}

/**
 * Stack rules that can travel to threads and workers: their serialised form and its content key
 * (serializeStackRules; the key names the graph and the rules' own content hash, so a request
 * with other prescriptions or weights never uses another's rules).
 */
export interface PortableJudge extends StackJudge {
  readonly key: string;
  readonly bytes: Uint8Array;
}

/** One verdict, overwritten by every judgeStack (reused: no allocation per stack). */
export interface JudgedStack {
  accepted: boolean;
  /** Accepted: what the rules add to the static score. */
  score: number;
  /** Rejected: the package of the rejecting step. */
  package: number;
  /** Accepted: the eager stop the stack asks for (an index below stopCount), or -1. */
  stop: number;
}

/** A fresh verdict to judge into. */
export function judgedStack(): JudgedStack {
  return { accepted: true, score: 0, package: -1, stop: -1 };
}
