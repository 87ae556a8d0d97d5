import type { Result } from "../../core/failure/index.js";
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** One requirement or constraint line, with where it came from. */
export interface SourcedLine {
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

export interface RequirementsFile {
  readonly requirements: readonly SourcedLine[];
  readonly constraints: readonly SourcedLine[];
  readonly indexUrls: readonly string[];
  readonly extraIndexUrls: readonly string[];
  /** `--pre` was given. */
  readonly pre: boolean;
}

export type RequirementsRead = Result<RequirementsFile, string>;

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 32;

/**
 * Reads a pip requirements file: comments, line continuations, `-r`/`--requirement` and
 * `-c`/`--constraint` (relative to the including file), `-i`/`--index-url`, `--extra-index-url`,
 * `--pre`; per-requirement `--hash` options are dropped. Other options are an error naming the
 * file and line, so nothing is silently ignored.
 */
export function readRequirementsFile(path: string): RequirementsRead {
  const out = { requirements: [] as SourcedLine[], constraints: [] as SourcedLine[], indexUrls: [] as string[], extraIndexUrls: [] as string[], pre: false };
  const error = readInto(resolve(path), "requirements", out, [], 0);
  return error === null ? { ok: true, value: out } : { ok: false, error: error };
}

type Sink = { requirements: SourcedLine[]; constraints: SourcedLine[]; indexUrls: string[]; extraIndexUrls: string[]; pre: boolean };

function readInto(path: string, kind: "requirements" | "constraints", out: Sink, stack: string[], depth: number): string | null {
  if (stack.includes(path)) return `${path}: included recursively (${[...stack, path].join(" -> ")})`;
  if (depth > MAX_DEPTH) return `${path}: includes nested deeper than ${MAX_DEPTH}`;
  let text: string;
  try {
    // Stat first: a FIFO would block the read forever and /dev/zero grow without bound.
    const st = statSync(path);
    if (!st.isFile()) return `${path}: not a regular file (a FIFO, socket or device is not read)`;
    if (st.size > MAX_FILE_BYTES) return `${path}: ${st.size} bytes, over the ${MAX_FILE_BYTES}-byte limit per requirements file`;
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES) return `${path}: larger than ${MAX_FILE_BYTES} bytes`;
    text = bytes.toString("utf8");
  } catch (e) {
    return `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  for (const { line, text: raw } of logicalLines(text)) {
    const content = stripComment(raw).trim();
    if (content === "") continue;
    const where = `${path}:${line}`;
    const option = /^(-r|--requirement|-c|--constraint|-i|--index-url|--extra-index-url)(?:\s*=\s*|\s+)(\S+)$/.exec(content);
    if (option) {
      const [, flag, value] = option;
      if (flag === "-r" || flag === "--requirement" || flag === "-c" || flag === "--constraint") {
        const nested = resolve(dirname(path), value);
        const nestedKind = flag === "-c" || flag === "--constraint" ? "constraints" : kind;
        const error = readInto(nested, nestedKind, out, [...stack, path], depth + 1);
        if (error !== null) return `${error} (included from ${where})`;
      } else if (flag === "-i" || flag === "--index-url") out.indexUrls.push(value);
      else out.extraIndexUrls.push(value);
      continue;
    }
    if (content === "--pre") {
      out.pre = true;
      continue;
    }
    if (content.startsWith("-")) return `${where}: unsupported option ${JSON.stringify(content.split(/\s+/)[0])}`;
    const requirement = content.replace(/\s+--hash[=\s]\S+/g, "").trim();
    out[kind].push({ text: requirement, file: path, line });
  }
  return null;
}

/** Joins backslash continuations; each logical line keeps the number of its first physical line. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1;
    let joined = physical[i];
    while (joined.endsWith("\\") && i + 1 < physical.length) joined = joined.slice(0, -1) + physical[++i];
    out.push({ line: start, text: joined });
  }
  return out;
}

/** pip: `#` starts a comment at the line start or after whitespace. */
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}
