import type { Negatable } from "./unit.js";
import type { PrescriptionIssue } from "./issue.js";

/** Where a value sits: the document path (with indices) and the construct (without them). */
export interface At {
  readonly path: string;
  readonly construct: string;
}

export function child(at: At, key: string): At {
  return { path: at.path === "" ? key : `${at.path}.${key}`, construct: at.construct === "" ? key : `${at.construct}.${key}` };
}

export function index(at: At, i: number): At {
  return { path: `${at.path}[${i}]`, construct: at.construct };
}

/** Collects issues for one unit (or one document) while the validators read plain YAML values. */
export interface FieldReader {
  readonly issues: PrescriptionIssue[];
  invalid(at: At, reason: string): undefined;
  unsupported(at: At, reason: string): undefined;
  mapping(value: unknown, at: At): Record<string, unknown> | undefined;
  /** Reports keys outside `allowed` as unsupported constructs. */
  onlyKeys(value: Record<string, unknown>, at: At, allowed: readonly string[]): void;
  required(map: Record<string, unknown>, key: string, at?: At): unknown;
  string(value: unknown, at: At): string | undefined;
  boolean(value: unknown, at: At): boolean | undefined;
  number(value: unknown, at: At): number | undefined;
  /** A list with at least `min` items, each read by `item`; undefined items mean the item was invalid. */
  list<T>(value: unknown, at: At, item: (v: unknown, at: At) => T | undefined, min?: number): T[] | undefined;
  /** One entry or a non-empty list of them (Thoth's `Any(All([X], Length(min=1)), X)`). */
  oneOrList<T>(value: unknown, at: At, item: (v: unknown, at: At) => T | undefined): T[] | undefined;
  /** A list, or `{not: list}`. */
  negatable<T>(value: unknown, at: At, item: (v: unknown, at: At) => T | undefined, min?: number): Negatable<T> | undefined;
}

export function createFieldReader(file: string, unit: string | undefined, constructPrefix: string): FieldReader {
  const issues: PrescriptionIssue[] = [];
  const construct = (at: At): string => (constructPrefix === "" ? at.construct : at.construct === "" ? constructPrefix : `${constructPrefix}.${at.construct}`);
  const report = (severity: PrescriptionIssue["severity"], at: At, reason: string): undefined => {
    issues.push({ file, ...(unit === undefined ? {} : { unit }), path: at.path, reason, construct: construct(at), severity });
    return undefined;
  };
  const describe = (v: unknown): string => (v === undefined ? "nothing (required field is missing)" : v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : `${typeof v} ${JSON.stringify(v)}`);
  const reader: FieldReader = {
    issues,
    invalid: (at, reason) => report("invalid", at, reason),
    unsupported: (at, reason) => report("unsupported", at, reason),
    mapping(value, at) {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
      return report("invalid", at, `expected a mapping, got ${describe(value)}`);
    },
    onlyKeys(value, at, allowed) {
      for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) report("unsupported", child(at, key), `unsupported key ${JSON.stringify(key)} (known: ${allowed.join(", ")})`);
      }
    },
    required(map, key) {
      // A missing field arrives as undefined, which every reader reports as missing.
      return map[key];
    },
    string(value, at) {
      if (typeof value === "string" && value.length > 0) return value;
      return report("invalid", at, `expected a non-empty string, got ${describe(value)}`);
    },
    boolean(value, at) {
      if (typeof value === "boolean") return value;
      return report("invalid", at, `expected true or false, got ${describe(value)}`);
    },
    number(value, at) {
      if (typeof value === "number" && Number.isFinite(value)) return value;
      return report("invalid", at, `expected a number, got ${describe(value)}`);
    },
    list(value, at, item, min = 0) {
      if (!Array.isArray(value)) return report("invalid", at, `expected a list, got ${describe(value)}`);
      if (value.length < min) return report("invalid", at, `expected at least ${min} item(s), got ${value.length}`);
      const out: unknown[] = [];
      let ok = true;
      value.forEach((v, i) => {
        const before = issues.length;
        const r = item(v, index(at, i));
        if (r === undefined && issues.length > before) ok = false;
        out.push(r);
      });
      return ok ? (out as never) : undefined;
    },
    oneOrList(value, at, item) {
      if (Array.isArray(value)) return reader.list(value, at, item, 1);
      const before = issues.length;
      const r = item(value, at);
      return r === undefined && issues.length > before ? undefined : [r as never];
    },
    negatable(value, at, item, min = 1) {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const map = value as Record<string, unknown>;
        reader.onlyKeys(map, at, ["not"]);
        const items = reader.list(reader.required(map, "not", at), child(at, "not"), item, min);
        return items === undefined ? undefined : { negated: true, items };
      }
      const items = reader.list(value, at, item, min);
      return items === undefined ? undefined : { negated: false, items };
    },
  };
  return reader;
}
