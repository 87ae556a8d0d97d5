import { parse, TomlError } from "smol-toml";
import type { Result } from "../../core/failure/index.js";

/** A parsed TOML document: integers as bigint (so `1` and `1.0` stay apart), tables as plain objects. */
export type TomlTable = Record<string, unknown>;

/** Parses TOML text; a syntax error names the file, line and column. */
export function parseTomlDocument(text: string, file: string): Result<TomlTable, string> {
  try {
    return { ok: true, value: parse(text, { integersAsBigInt: true, unsafeKeyBehaviour: "throw" }) as TomlTable };
  } catch (error) {
    if (error instanceof TomlError) return { ok: false, error: `${file}:${error.line}:${error.column}: invalid TOML: ${error.message.split("\n")[0]}` };
    return { ok: false, error: `${file}: invalid TOML: ${(error as Error).message}` };
  }
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** What a TOML or JSON value is, for messages: `a string`, `an integer`, `a table`, ... */
export function kindOf(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return `the number ${String(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  return "a table";
}
