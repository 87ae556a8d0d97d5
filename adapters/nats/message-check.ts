/**
 * What a worker refuses on the work queue before running anything (issue 15, a clean queue): an
 * empty payload, a message of another payload version (the `Maat-Payload` header), bytes that do
 * not decode as a RolloutBatch (the wire name of a rollout message), and a decoded message that
 * cannot be one the coordinator sent (another advise than its subject names, no graph, no
 * requests). Such a message is removed from the queue and counted by its reason; it is never
 * answered, since nobody waits for it.
 */
import type { RolloutMessage } from "./rollout-codec.js";
import { BATCH_PAYLOAD, batchSubject, isAdviseId } from "./subjects.js";

/** Why a message on `maat.batches.>` is not a rollout message (the label of maat_messages_rejected_total). */
export type RejectReason = "empty" | "version" | "undecodable" | "inconsistent";

export const REJECT_REASONS: readonly RejectReason[] = ["empty", "version", "undecodable", "inconsistent"];

export interface Rejection {
  readonly reason: RejectReason;
  readonly message: string;
}

/** Checks a message before decoding: its size and its payload header (absent: version 1, as before the header). */
export function checkEnvelope(bytes: Uint8Array, payload: string | undefined): Rejection | null {
  if (bytes.length === 0) return { reason: "empty", message: "empty payload (0 bytes): not a rollout message" };
  if (payload !== undefined && payload !== "" && payload !== BATCH_PAYLOAD) {
    return { reason: "version", message: `payload ${JSON.stringify(payload)}, this worker reads ${BATCH_PAYLOAD}` };
  }
  return null;
}

/** Checks a decoded message against the subject it came on. */
export function checkMessage(message: RolloutMessage, subject: string): Rejection | null {
  const bad = (text: string): Rejection => ({ reason: "inconsistent", message: text });
  if (!isAdviseId(message.adviseId)) return bad(`RolloutBatch: advise_id ${JSON.stringify(message.adviseId)} is not an advise id`);
  if (batchSubject(message.adviseId) !== subject) return bad(`RolloutBatch: advise_id ${JSON.stringify(message.adviseId)} does not match its subject`);
  if (message.graphHash === "") return bad("RolloutBatch: graph_hash is empty");
  if (message.requests.length === 0) return bad("RolloutBatch: no requests");
  return null;
}
