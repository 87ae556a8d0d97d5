import type { RolloutPolicy, RolloutRequest } from "../../core/rollout/index.js";

/**
 * Rollout requests packed into a few compact typed arrays so a batch crosses to a thread by
 * transfer, not by cloning one object per request. Policies are deduplicated by identity (the
 * requests of a td batch share one `values` array) and copied compactly: a view on a larger
 * buffer (graph.score on a deserialized graph) would otherwise clone the whole buffer.
 */
export interface RequestBatch {
  readonly ids: Float64Array;
  readonly seeds: Float64Array;
  /** Per request: rollouts asked for (leaf parallelism; 1 = one). */
  readonly rollouts: Int32Array;
  /** Per request: index into `policies`. */
  readonly policyOf: Int32Array;
  /** Per request (length n + 1): start of its prefix in `prefix`. */
  readonly prefixStart: Int32Array;
  readonly prefix: Int32Array;
  readonly policies: readonly RolloutPolicy[];
}

export function packRequests(requests: readonly RolloutRequest[]): RequestBatch {
  const n = requests.length;
  const ids = new Float64Array(n);
  const seeds = new Float64Array(n);
  const rollouts = new Int32Array(n);
  const policyOf = new Int32Array(n);
  const prefixStart = new Int32Array(n + 1);
  const policies: RolloutPolicy[] = [];
  const policyIndex = new Map<RolloutPolicy, number>();
  for (let i = 0; i < n; i++) {
    const r = requests[i];
    ids[i] = r.id;
    seeds[i] = r.seed;
    rollouts[i] = r.rollouts ?? 1;
    prefixStart[i + 1] = prefixStart[i] + r.prefix.length;
    let p = policyIndex.get(r.policy);
    if (p === undefined) {
      p = policies.length;
      policyIndex.set(r.policy, p);
      policies.push(compactPolicy(r.policy));
    }
    policyOf[i] = p;
  }
  const prefix = new Int32Array(prefixStart[n]);
  for (let i = 0; i < n; i++) {
    const from = requests[i].prefix;
    for (let t = 0, at = prefixStart[i]; t < from.length; t++) prefix[at + t] = from[t];
  }
  return { ids, seeds, rollouts, policyOf, prefixStart, prefix, policies };
}

function compactPolicy(policy: RolloutPolicy): RolloutPolicy {
  switch (policy.kind) {
    case "uniform": return { kind: "uniform" };
    case "softmax": return { kind: "softmax", values: policy.values.slice(), temperature: policy.temperature };
    case "prefer": return { kind: "prefer", versions: policy.versions.slice() };
    default: throw new TypeError(`rollout policy kind ${JSON.stringify((policy as { kind: unknown }).kind)} is not uniform, softmax or prefer`);
  }
}

/** The buffers a packed batch may hand over (each array owns its buffer). */
export function requestBuffers(batch: RequestBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [batch.ids.buffer, batch.seeds.buffer, batch.rollouts.buffer, batch.policyOf.buffer, batch.prefixStart.buffer, batch.prefix.buffer] as ArrayBuffer[];
  for (const p of batch.policies) {
    if (p.kind === "softmax") out.push(p.values.buffer as ArrayBuffer);
    else if (p.kind === "prefer") out.push(p.versions.buffer as ArrayBuffer);
  }
  return out;
}

/** The requests of a packed batch (prefixes are views on the batch). */
export function unpackRequests(batch: RequestBatch): RolloutRequest[] {
  const n = batch.ids.length;
  const out: RolloutRequest[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const request: RolloutRequest = {
      id: batch.ids[i],
      prefix: batch.prefix.subarray(batch.prefixStart[i], batch.prefixStart[i + 1]),
      seed: batch.seeds[i],
      policy: batch.policies[batch.policyOf[i]],
    };
    out[i] = batch.rollouts[i] === 1 ? request : { ...request, rollouts: batch.rollouts[i] };
  }
  return out;
}
