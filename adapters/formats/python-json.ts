/**
 * `json.dumps(value, sort_keys=True, separators=(",", ":"))` as Python writes it (ensure_ascii:
 * every character outside printable ASCII escaped as \uXXXX), so a hash over it equals pipenv's.
 * Integers are bigints (TOML integers), other numbers floats (`1.0` stays `1.0`).
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return pythonFloat(value);
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(",")}]`;
  if (value instanceof Date) return pythonString(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([k, v]) => `${pythonString(k)}:${pythonJsonDumps(v)}`).join(",")}}`;
}

function pythonFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  // repr(float): shortest round-trip digits, like JS, with Python's exponent form (1e+16 -> 1e+16, 1e-07 -> 1e-07)
  return String(n).replace(/e([+-])(\d)$/, "e$10$2");
}

function pythonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c > 0xffff) {
      const v = c - 0x10000;
      out += `\\u${hex4(0xd800 + (v >> 10))}\\u${hex4(0xdc00 + (v & 0x3ff))}`;
    } else out += `\\u${hex4(c)}`;
  }
  return `${out}"`;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, "0");

/** Python sorts str keys by code point; JS `<` compares UTF-16 units (they differ above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
