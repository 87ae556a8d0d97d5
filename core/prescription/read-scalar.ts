import { type At, type FieldReader } from "./field-reader.js";

/** Scalars of a prescription unit: one of a set of words, PEP 440 specifier text, nullable strings and integers. */

const SPECIFIER_CHARS = /^[\s0-9A-Za-z.*+!<>=~,_-]+$/;

export function oneOf<T extends string>(r: FieldReader, v: unknown, at: At, allowed: readonly T[]): T | undefined {
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  return r.invalid(at, v === undefined ? "required field is missing" : `expected one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
}

export function readSpecifier(r: FieldReader, v: unknown, at: At): string | undefined {
  // Numbers (`python_version: 3.8`) are not specifiers: Thoth rejects them too.
  const s = r.string(v, at);
  if (s === undefined) return undefined;
  if (!SPECIFIER_CHARS.test(s)) return r.invalid(at, `not a PEP 440 version specifier: ${JSON.stringify(s)}`);
  return s.trim();
}

export function nullableString(r: FieldReader, v: unknown, at: At): string | null | undefined {
  return v === null ? null : r.string(v, at);
}

export function nullableInteger(r: FieldReader, v: unknown, at: At): number | null | undefined {
  if (v === null) return null;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  return r.invalid(at, `expected an integer or null, got ${JSON.stringify(v)}`);
}
