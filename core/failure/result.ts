import type { Failure } from "./failure.js";

/**
 * An expected outcome: the value, or why there is none. The failure side is always `error`
 * (a Failure unless a module says otherwise, e.g. a plain message where no code applies).
 */
export type Result<T, E = Failure> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
