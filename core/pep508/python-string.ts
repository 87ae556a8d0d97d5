import type { Result } from "../failure/index.js";

/**
 * Decodes the body of a quoted marker string the way packaging does (`ast.literal_eval` of the
 * token): Python escape sequences are interpreted. Returns the value, or an error message for what
 * Python rejects (a dangling backslash, a raw newline, a bad `\x`/`\u`/`\U`, a NUL).
 * `\N{...}` (named characters) is rejected: core carries no Unicode name table.
 */
export type DecodedString = Result<string, string>;

const SIMPLE: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

export function decodePythonString(body: string): DecodedString {
  if (body.indexOf("\\") < 0 && body.indexOf("\n") < 0 && body.indexOf("\r") < 0 && body.indexOf("\0") < 0) {
    return { ok: true, value: body };
  }
  if (body.indexOf("\0") >= 0) return { ok: false, error: "source code string cannot contain null bytes" };
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === "\n" || ch === "\r") return { ok: false, error: "unterminated string literal" };
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    if (i + 1 >= body.length) return { ok: false, error: "unterminated string literal" };
    const e = body[i + 1]!;
    i += 2;
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
    } else if (e === "\n") {
      // line continuation
    } else if (e === "\r") {
      if (body[i] === "\n") i++;
    } else if (e >= "0" && e <= "7") {
      let digits = e;
      while (digits.length < 3 && i < body.length && body[i]! >= "0" && body[i]! <= "7") digits += body[i++];
      const code = parseInt(digits, 8);
      out += String.fromCharCode(code);
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (hex.length < n || ![...hex].every(isHex)) {
        return { ok: false, error: `(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${e}${"X".repeat(n)} escape` };
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return { ok: false, error: "(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character" };
      out += String.fromCodePoint(code);
      i += n;
    } else if (e === "N") {
      return { ok: false, error: "named Unicode escapes (\\N{...}) are not supported" };
    } else {
      out += "\\" + e;
    }
  }
  return { ok: true, value: out };
}
