/** Subjects and names of the cluster's NATS resources. */

export const BATCH_STREAM = "MAAT_BATCHES";
export const RESULT_STREAM = "MAAT_RESULTS";
export const WORKER_CONSUMER = "maat-workers";
export const GRAPH_BUCKET = "maat-graphs";
/** The header naming a batch's payload type and version; a worker refuses a batch of another one. */
export const BATCH_PAYLOAD_HEADER = "Maat-Payload";
export const BATCH_PAYLOAD = "maat.v1.RolloutBatch";

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** An advise id is one subject token: letters, digits, `_` and `-`, at most 128. */
export function isAdviseId(id: string): boolean {
  return TOKEN.test(id);
}

function token(id: string): string {
  if (!isAdviseId(id)) throw new RangeError(`advise id ${JSON.stringify(id)} is not one subject token ([A-Za-z0-9_-]{1,128})`);
  return id;
}

export function batchSubject(adviseId: string): string {
  return `maat.batches.${token(adviseId)}`;
}

export function resultSubject(adviseId: string): string {
  return `maat.results.${token(adviseId)}`;
}
