import type { Result } from "../../core/failure/index.js";

/** Parses JSON text; a syntax error names the file (or key) and, when the parser says where, the line and column. */
export function parseJsonText(text: string, where: string): Result<unknown, string> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message)?.[1] ?? (/Unexpected end of JSON input/.test(message) ? String(text.length) : null);
    if (at !== null) {
      const before = text.slice(0, Number(at));
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n");
      return { ok: false, error: `${where}:${line}:${column}: invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, "").replace(/ \(line \d+ column \d+\)$/, "")}` };
    }
    return { ok: false, error: `${where}: invalid JSON: ${message}` };
  }
}
