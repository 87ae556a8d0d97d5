/**
 * Objects the coordinator stores in a JetStream object store (the compiled graphs, and whatever
 * else is stored beside them) expire when unused (issue 15, a clean queue): each object's last use
 * is the later of its write time and a `maat-used` time in its metadata, which an advise in flight
 * renews (touchObjects) every third of the expiry; a sweep deletes every object whose last use is
 * older than the expiry. Every coordinator may sweep: one in flight elsewhere keeps its objects
 * fresh by touching them. Times are the coordinators' clocks (ISO 8601).
 */
import type { JetStreamClient, ObjectInfo, ObjectStore } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";

/** The metadata key holding an object's last use. */
export const USED_KEY = "maat-used";

/** When `info` was last used: its write, or a later touch. */
export function lastUsed(info: ObjectInfo): number {
  const written = Date.parse(info.mtime);
  const touched = Date.parse(info.metadata?.[USED_KEY] ?? "");
  return Number.isNaN(touched) ? written : Math.max(written, touched);
}

async function openStore(js: JetStreamClient, bucket: string): Promise<ObjectStore> {
  return js.views.os(bucket);
}

/** Marks `names` used at `now` (ms since the epoch); names absent or deleted are skipped. Returns how many were touched. */
export function touchObjects(js: JetStreamClient, bucket: string, names: readonly string[], now: number, deadlineMs: number): Promise<Outcome<number>> {
  return withDeadline(async () => {
    const os = await openStore(js, bucket);
    let touched = 0;
    for (const name of names) {
      const info = await os.info(name);
      if (info === null || info.deleted) continue;
      // update() replaces description and options with what it is given: hand back the stored ones.
      await os.update(name, { name, description: info.description, options: info.options, metadata: { ...info.metadata, [USED_KEY]: new Date(now).toISOString() } });
      touched++;
    }
    return touched;
  }, deadlineMs, `touch ${names.join(", ")} in ${bucket}`);
}

export interface SweepResult {
  /** Objects in the bucket, deleted ones left out. */
  readonly kept: number;
  /** Names deleted by this sweep. */
  readonly deleted: readonly string[];
}

/** Deletes every object of `bucket` unused for `expiryMs` at `now`. An object touched between the listing and its deletion is kept. */
export function sweepUnusedObjects(js: JetStreamClient, bucket: string, expiryMs: number, now: number, deadlineMs: number): Promise<Outcome<SweepResult>> {
  return withDeadline(async () => {
    const os = await openStore(js, bucket);
    const deleted: string[] = [];
    let kept = 0;
    for (const listed of await os.list()) {
      if (listed.deleted) continue;
      if (now - lastUsed(listed) <= expiryMs) { kept++; continue; }
      const current = await os.info(listed.name); // touched since the listing?
      if (current === null || current.deleted) continue;
      if (now - lastUsed(current) <= expiryMs) { kept++; continue; }
      await os.delete(listed.name);
      deleted.push(listed.name);
    }
    return { kept, deleted };
  }, deadlineMs, `sweep ${bucket}`);
}
