import type { RolloutResult } from "../../core/rollout/index.js";

const STACK = 0;
const DEAD_END = 1;
const INVALID = 2;

/** Rollout results packed into compact typed arrays, transferred back from a thread. */
export interface ResultBatch {
  readonly packageCount: number;
  /** Per result: 0 stack, 1 dead end, 2 invalid. */
  readonly kinds: Uint8Array;
  readonly ids: Float64Array;
  readonly rewards: Float64Array;
  /** Per result: the dead end's package (else -1). */
  readonly packages: Int32Array;
  /** Per result: the dead end's depth (else 0). */
  readonly depths: Int32Array;
  /** Per result (length n + 1): start of its path in `paths`. */
  readonly pathStart: Int32Array;
  readonly paths: Int32Array;
  /** The pins of each stack, packageCount apiece, in result order. */
  readonly pins: Int32Array;
}

export function packResults(results: readonly RolloutResult[], packageCount: number): ResultBatch {
  const n = results.length;
  const kinds = new Uint8Array(n);
  const ids = new Float64Array(n);
  const rewards = new Float64Array(n);
  const packages = new Int32Array(n).fill(-1);
  const depths = new Int32Array(n);
  const pathStart = new Int32Array(n + 1);
  let stacks = 0;
  for (let i = 0; i < n; i++) {
    const r = results[i];
    ids[i] = r.id;
    rewards[i] = r.reward;
    pathStart[i + 1] = pathStart[i] + r.path.length;
    if (r.kind === "stack") {
      kinds[i] = STACK;
      stacks++;
    } else if (r.kind === "dead-end") {
      kinds[i] = DEAD_END;
      packages[i] = r.package;
      depths[i] = r.depth;
    } else kinds[i] = INVALID;
  }
  const paths = new Int32Array(pathStart[n]);
  const pins = new Int32Array(stacks * packageCount);
  // Plain loops: TypedArray.prototype.set costs more than copying a few dozen numbers.
  for (let i = 0, s = 0; i < n; i++) {
    const r = results[i];
    const path = r.path;
    for (let t = 0, at = pathStart[i]; t < path.length; t++) paths[at + t] = path[t];
    if (r.kind === "stack") {
      const from = r.pins;
      for (let p = 0, at = packageCount * s++; p < packageCount; p++) pins[at + p] = from[p];
    }
  }
  return { packageCount, kinds, ids, rewards, packages, depths, pathStart, paths, pins };
}

/** The buffers of a packed result batch, to transfer. */
export function resultBuffers(batch: ResultBatch): ArrayBuffer[] {
  return [batch.kinds, batch.ids, batch.rewards, batch.packages, batch.depths, batch.pathStart, batch.paths, batch.pins]
    .map((a) => a.buffer as ArrayBuffer);
}

/**
 * The results of a packed batch. Paths and pins are views on the batch's arrays (a view costs a
 * tenth of a copy: 0.2 ms against 1.7 ms for 1,024 tensorflow results, which the calling thread
 * would pay for every batch); a consumer that keeps a result keeps its batch's arrays alive.
 */
export function unpackResults(batch: ResultBatch, into: RolloutResult[], at: number): void {
  const n = batch.kinds.length;
  const k = batch.packageCount;
  for (let i = 0, s = 0; i < n; i++) {
    const path = batch.paths.subarray(batch.pathStart[i], batch.pathStart[i + 1]);
    const id = batch.ids[i];
    const reward = batch.rewards[i];
    const kind = batch.kinds[i];
    if (kind === STACK) {
      into[at + i] = { kind: "stack", id, reward, pins: batch.pins.subarray(k * s, k * ++s), path };
    } else if (kind === DEAD_END) {
      into[at + i] = { kind: "dead-end", id, reward, package: batch.packages[i], depth: batch.depths[i], path };
    } else into[at + i] = { kind: "invalid", id, reward, path };
  }
}
