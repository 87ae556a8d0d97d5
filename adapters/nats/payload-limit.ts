/**
 * Message size: NATS refuses payloads above its max_payload (1 MiB by default). Maat keeps every
 * message at or under MAX_PAYLOAD_BYTES (256 KiB), a quarter of that, leaving room for headers and
 * servers configured lower. A batch's requests (one runner call) are split into several messages
 * by count (`maxRequests`, `maxRollouts`) and by encoded size, each distinct policy counted once per
 * message it appears in.
 */
import type { RolloutPolicy, RolloutRequest } from "../../core/rollout/index.js";
import { messageHeaderSize, policySize, requestSize } from "./encoded-size.js";
import type { RolloutMessage } from "./rollout-codec.js";

export const MAX_PAYLOAD_BYTES = 256 * 1024;

export type SplitOutcome =
  | { readonly ok: true; readonly messages: readonly RolloutMessage[]; readonly nextMessageId: number }
  | { readonly ok: false; readonly requestIndex: number; readonly size: number; readonly message: string };

export interface SplitLimits {
  /** Bytes of one encoded message (default MAX_PAYLOAD_BYTES). */
  readonly maxBytes?: number;
  /** Requests per message (default: no limit but the size). */
  readonly maxRequests?: number;
  /** Rollouts per message, a request for k (leaf parallelism) counting k (default: no limit); a request is never split. */
  readonly maxRollouts?: number;
}

/**
 * Splits `requests` into consecutive messages of at most `maxRequests` requests, each encoding to at
 * most `maxBytes` (exactly as the codec encodes), numbered from `first.messageId` upward (the
 * coordinator owns message ids). Fails, naming the request, only when a single request with its
 * policy cannot fit.
 */
export function splitIntoMessages(
  first: Omit<RolloutMessage, "requests">,
  requests: readonly RolloutRequest[],
  limits: SplitLimits = {},
): SplitOutcome {
  const maxBytes = limits.maxBytes ?? MAX_PAYLOAD_BYTES;
  const maxRequests = Math.max(1, limits.maxRequests ?? Infinity);
  const maxRollouts = Math.max(1, limits.maxRollouts ?? Infinity);
  let rollouts = 0;
  const messages: RolloutMessage[] = [];
  let messageId = first.messageId;
  let current: RolloutRequest[] = [];
  let policies = new Map<RolloutPolicy | "uniform", number>();
  let used = 0;
  let header = messageHeaderSize({ ...first, messageId });
  const cost = (q: RolloutRequest, table: Map<RolloutPolicy | "uniform", number>) => {
    const key = q.policy.kind === "uniform" ? "uniform" : q.policy;
    const known = table.get(key);
    return known === undefined ? requestSize(q, table.size) + policySize(q.policy) : requestSize(q, known);
  };
  const flush = () => {
    messages.push({ ...first, messageId: messageId++, requests: current });
    current = [];
    rollouts = 0;
    policies = new Map();
    used = 0;
    header = messageHeaderSize({ ...first, messageId });
  };
  for (let i = 0; i < requests.length; i++) {
    const q = requests[i];
    let size = cost(q, policies);
    const k = q.rollouts ?? 1;
    if (current.length > 0 && (current.length >= maxRequests || rollouts + k > maxRollouts || header + used + size > maxBytes)) {
      flush();
      size = cost(q, policies);
    }
    if (header + size > maxBytes) {
      return { ok: false, requestIndex: i, size, message: `request ${q.id} (index ${i}) with its ${q.policy.kind} policy encodes to ${size} bytes, over the ${maxBytes}-byte message limit` };
    }
    const key = q.policy.kind === "uniform" ? "uniform" : q.policy;
    if (!policies.has(key)) policies.set(key, policies.size);
    current.push(q);
    rollouts += k;
    used += size;
  }
  if (current.length > 0 || messages.length === 0) flush();
  return { ok: true, messages, nextMessageId: messageId };
}
