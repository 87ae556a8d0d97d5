/**
 * Removes what an advise left in the cluster's streams: its batches still in the work queue (a
 * cancelled or failed advise leaves no work behind; a batch a worker holds is gone too, and its
 * late ack is harmless) and its stored results.
 */
import type { JetStreamManager } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";
import { BATCH_STREAM, RESULT_STREAM, batchSubject, resultSubject } from "./subjects.js";

export interface PurgedAdvise {
  readonly batches: number;
  readonly results: number;
}

export function purgeAdvise(jsm: JetStreamManager, adviseId: string, deadlineMs: number): Promise<Outcome<PurgedAdvise>> {
  return withDeadline(async () => {
    const batches = await jsm.streams.purge(BATCH_STREAM, { filter: batchSubject(adviseId) });
    const results = await jsm.streams.purge(RESULT_STREAM, { filter: resultSubject(adviseId) });
    return { batches: batches.purged, results: results.purged };
  }, deadlineMs, `purge advise ${adviseId}`);
}
