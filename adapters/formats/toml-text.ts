/** TOML values as text, for the lock files Maat writes (one fixed shape each, so no general serializer). */

/** A TOML basic string. */
export function tomlString(s: string): string {
  // JSON's escapes are TOML's; DEL must be escaped in TOML, and JSON leaves it.
  return JSON.stringify(s).replace(/\u007f/g, "\\u007f");
}

/** A TOML key: bare when it can be, quoted otherwise. */
export function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k);
}

/** An offset date-time literal (UTC) of an ISO 8601 time, or null when it is not one. */
export function tomlDateTime(iso: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) {
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) return /Z$/.test(iso) ? iso : new Date(t).toISOString();
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(iso) ? null : new Date(t).toISOString();
}

export type InlineValue = string | number | boolean | { readonly raw: string } | readonly InlineValue[] | { readonly [key: string]: InlineValue | undefined };

/** An inline value: strings quoted, `{raw}` as given (dates), arrays and inline tables, undefined entries left out. */
export function tomlInline(v: InlineValue): string {
  if (typeof v === "string") return tomlString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlInline).join(", ")}]`;
  if ("raw" in v && typeof (v as { raw: unknown }).raw === "string" && Object.keys(v).length === 1) return (v as { raw: string }).raw;
  const entries = Object.entries(v as Record<string, InlineValue | undefined>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${tomlKey(k)} = ${tomlInline(x!)}`).join(", ")}}`;
}
