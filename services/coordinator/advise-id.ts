import { randomUUID } from "node:crypto";

/** A new advise id: one NATS subject token (a UUID: hex digits and `-`). */
export function newAdviseId(): string {
  return randomUUID();
}
