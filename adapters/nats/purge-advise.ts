/**
 * Removes what an advise left in the cluster's streams: its messages still in the work queue (a
 * cancelled or failed advise leaves no work behind; a message a worker holds is gone too, and its
 * late ack is harmless) and its stored answers.
 */
import type { JetStreamManager } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";
import { BATCH_STREAM, RESULT_STREAM, batchSubject, resultSubject } from "./subjects.js";

export interface PurgedAdvise {
  readonly messages: number;
  readonly answers: number;
}

export function purgeAdvise(jsm: JetStreamManager, adviseId: string, deadlineMs: number): Promise<Outcome<PurgedAdvise>> {
  return withDeadline(async () => {
    const messages = await jsm.streams.purge(BATCH_STREAM, { filter: batchSubject(adviseId) });
    const answers = await jsm.streams.purge(RESULT_STREAM, { filter: resultSubject(adviseId) });
    return { messages: messages.purged, answers: answers.purged };
  }, deadlineMs, `purge advise ${adviseId}`);
}
