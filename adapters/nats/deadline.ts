/**
 * Every NATS operation Maat awaits has a deadline: `withDeadline` settles with the operation's value
 * or a `{code, message}` error, never hangs. Errors thrown by the nats client are mapped to the
 * adapters' codes (`unavailable`, `deadline-exceeded`, ...).
 */
import { wireError, type WireError } from "./wire-error.js";
import type { Result } from "../../core/failure/index.js";

export type Outcome<T> = Result<T, WireError>;

const UNAVAILABLE = new Set(["CONNECTION_CLOSED", "CONNECTION_DRAINING", "CONNECTION_REFUSED", "DISCONNECT", "503"]);
const TIMEOUT = new Set(["TIMEOUT", "CONNECTION_TIMEOUT", "408"]);

/** Maps an error thrown by the nats client (or anything else) to error data. */
export function natsErrorToWire(e: unknown, what: string): WireError {
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
  const message = e instanceof Error ? e.message : String(e);
  if (UNAVAILABLE.has(code)) return wireError("unavailable", `${what}: NATS unavailable (${message})`);
  if (TIMEOUT.has(code)) return wireError("deadline-exceeded", `${what}: NATS timed out (${message})`);
  if (code === "MAX_PAYLOAD_EXCEEDED") return wireError("payload-too-large", `${what}: ${message}`);
  return wireError("unavailable", `${what}: ${message}${code ? ` (${code})` : ""}`);
}

/** Runs `op` and settles within `ms` milliseconds. A late result of `op` is ignored. */
export async function withDeadline<T>(op: () => Promise<T>, ms: number, what: string): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: wireError("deadline-exceeded", `${what}: no answer within ${ms} ms`) }), ms);
  });
  const run = (async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await op() };
    } catch (e) {
      return { ok: false, error: natsErrorToWire(e, what) };
    }
  })();
  try {
    return await Promise.race([run, expired]);
  } finally {
    clearTimeout(timer);
  }
}
