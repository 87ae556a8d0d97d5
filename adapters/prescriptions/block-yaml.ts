/**
 * A fast reader for the plain block-style YAML subset that prescription files are written in:
 * nested block mappings and sequences, plain scalars resolved per YAML 1.2's core schema,
 * single-line quoted scalars, `[]`/`{}` and simple flow sequences. Anything else (anchors, tags,
 * block scalars, multi-line scalars, comments after values, duplicate keys, ...) answers
 * `undefined`, and the caller falls back to the `yaml` package. On what it accepts it returns what
 * `yaml.parse` returns (checked over the whole snapshot by block-yaml.test.ts).
 */

interface Line {
  indent: number;
  text: string;
  /** Index into the raw lines (block scalars read those). */
  row: number;
}

class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

/** The parsed document, or undefined when the text leaves the subset. */
export function parseBlockYaml(source: string): unknown {
  const lines: Line[] = [];
  const rawLines = source.split("\n");
  for (let row = 0; row < rawLines.length; row += 1) {
    const raw = rawLines[row];
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i += 1;
    if (i === line.length) continue;
    const c = line[i];
    if (c === "#") continue;
    if (c === "\t") return undefined;
    if (i === 0 && (line.startsWith("---") || line.startsWith("...") || c === "%")) return undefined;
    if (line.endsWith(" ") || line.endsWith("\t")) return undefined;
    lines.push({ indent: i, text: line.slice(i), row });
  }
  if (lines.length === 0) return null;
  try {
    const state = { lines, raw: rawLines, pos: 0 };
    const value = parseBlock(state, lines[0].indent);
    if (state.pos !== lines.length) return undefined;
    return value;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

interface State {
  lines: Line[];
  raw: string[];
  pos: number;
}

const isSeqItem = (text: string): boolean => text === "-" || text.startsWith("- ");

function parseBlock(s: State, indent: number): unknown {
  const line = s.lines[s.pos];
  return isSeqItem(line.text) ? parseSeq(s, indent) : parseMap(s, indent);
}

/** The end of a mapping key (index of its ':'), or -1 when the line is not `key:` / `key: value`. */
function keyEnd(text: string): number {
  const first = text[0];
  if (first === "'" || first === '"') {
    const close = text.indexOf(first, 1);
    if (close < 0) return -1;
    return text[close + 1] === ":" && (close + 2 === text.length || text[close + 2] === " ") ? close + 1 : -1;
  }
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ")) return i;
    if (text[i] === "#" && i > 0 && text[i - 1] === " ") return -1;
  }
  return -1;
}

function parseKey(raw: string): string {
  if (raw.startsWith("'") || raw.startsWith('"')) {
    const v = parseScalar(raw);
    return typeof v === "string" ? v : unsupported();
  }
  if (/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(raw)) return raw;
  return unsupported();
}

function parseMap(s: State, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (s.pos < s.lines.length) {
    const line = s.lines[s.pos];
    if (line.indent < indent) break;
    if (line.indent > indent || isSeqItem(line.text)) unsupported();
    const end = keyEnd(line.text);
    if (end <= 0) unsupported();
    const key = parseKey(line.text.slice(0, end));
    if (key === "__proto__" || Object.prototype.hasOwnProperty.call(out, key)) unsupported();
    const rest = line.text.slice(end + 1).replace(/^ +/, "");
    s.pos += 1;
    out[key] = rest === "" ? parseNested(s, indent, true) : parseInline(s, rest, indent);
  }
  return out;
}

/** The value after `key:` or `-` with nothing on the line: a deeper block, a same-indent sequence (maps only), or null. */
function parseNested(s: State, indent: number, inMap: boolean): unknown {
  const next = s.lines[s.pos];
  if (next === undefined || next.indent < indent) return null;
  if (next.indent > indent) return parseBlock(s, next.indent);
  if (inMap && isSeqItem(next.text)) return parseSeq(s, indent);
  return null;
}

/** A value written on the same line; the next line must not continue it. */
function parseInline(s: State, text: string, indent: number): unknown {
  if (text[0] === ">" || text[0] === "|") return parseBlockScalar(s, text, indent);
  const value = parseScalar(text);
  const next = s.lines[s.pos];
  if (next !== undefined && next.indent > indent) unsupported();
  return value;
}

function parseSeq(s: State, indent: number): unknown[] {
  const out: unknown[] = [];
  while (s.pos < s.lines.length) {
    const line = s.lines[s.pos];
    if (line.indent < indent) break;
    if (line.indent > indent) unsupported();
    if (!isSeqItem(line.text)) break;
    if (line.text === "-") {
      s.pos += 1;
      const next = s.lines[s.pos];
      out.push(next !== undefined && next.indent > indent ? parseBlock(s, next.indent) : null);
      continue;
    }
    let offset = 2;
    while (line.text[offset] === " ") offset += 1;
    const rest = line.text.slice(offset);
    if (isSeqItem(rest)) unsupported();
    if (keyEnd(rest) > 0) {
      // `- key: value` opens a mapping indented at the key's column.
      s.lines[s.pos] = { indent: indent + offset, text: rest, row: line.row };
      out.push(parseMap(s, indent + offset));
    } else {
      s.pos += 1;
      out.push(parseInline(s, rest, indent));
    }
  }
  return out;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function parseScalar(text: string): unknown {
  const c = text[0];
  if (c === "'") {
    if (text.length < 2 || !text.endsWith("'")) return unsupported();
    const body = text.slice(1, -1);
    if (body.replace(/''/g, "").includes("'")) return unsupported();
    return body.replace(/''/g, "'");
  }
  if (c === '"') {
    if (text.length < 2 || !text.endsWith('"')) return unsupported();
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === "string" ? v : unsupported();
    } catch {
      return unsupported();
    }
  }
  if (c === "[") {
    if (text === "[]") return [];
    if (!text.endsWith("]") || /[[\]{}'"#:]/.test(text.slice(1, -1))) return unsupported();
    return text.slice(1, -1).split(",").map((item) => {
      const t = item.trim();
      return t === "" ? unsupported() : parseScalar(t);
    });
  }
  if (c === "{") return text === "{}" ? {} : unsupported();
  if ("-?:,]}#&*!|>%@`".includes(c)) return unsupported();
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":")) return unsupported();
  switch (text) {
    case "~": case "null": case "Null": case "NULL":
      return null;
    case "true": case "True": case "TRUE":
      return true;
    case "false": case "False": case "FALSE":
      return false;
  }
  if (INT.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : unsupported();
  }
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text) || /^0[xo]/.test(text)) return unsupported();
  return text;
}

/**
 * `>`, `>-`, `|`, `|-` whose content lines share one indentation and have no blank line between
 * them (trailing blank lines are fine). The header's line is s.lines[s.pos - 1].
 */
function parseBlockScalar(s: State, header: string, indent: number): string {
  if (header.length > 2 || (header.length === 2 && header[1] !== "-")) unsupported();
  const folded = header[0] === ">";
  const strip = header[1] === "-";
  const start = s.lines[s.pos - 1].row + 1;
  const parts: string[] = [];
  let contentIndent = -1;
  let blank = false;
  let row = start;
  for (; row < s.raw.length; row += 1) {
    const raw = s.raw[row].endsWith("\r") ? s.raw[row].slice(0, -1) : s.raw[row];
    if (raw.trim() === "") {
      if (raw.length > 0 && contentIndent >= 0 && raw.length > contentIndent) unsupported();
      blank = true;
      continue;
    }
    let i = 0;
    while (raw.charCodeAt(i) === 32) i += 1;
    if (i <= indent) break;
    if (blank || raw[i] === "\t") unsupported();
    if (contentIndent < 0) contentIndent = i;
    else if (i !== contentIndent) unsupported();
    parts.push(raw.slice(i));
  }
  if (parts.length === 0) unsupported();
  while (s.pos < s.lines.length && s.lines[s.pos].row < row) s.pos += 1;
  const body = parts.join(folded ? " " : "\n");
  return strip ? body : `${body}\n`;
}
