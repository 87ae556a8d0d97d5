import { readFileSync, statSync } from "node:fs";
import { parseVersion, versionKey } from "../../core/pep440/index.js";
import { normalizeName } from "../../core/pep508/index.js";
import { isScoreInRange, SCORE_RANGE_TEXT, type ScoreTable } from "../../core/pipeline/index.js";
import { jsonErrorPosition } from "./json-error-position.js";

export type ScoresRead = { readonly ok: true; readonly table: ScoreTable } | { readonly ok: false; readonly error: string };

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Parses a scores file `{"<project>": {"<version>": <number>}}`. Checks the shape only: whether
 * each project is in the compiled graph is core/pipeline's unknownScoredPackages, once the graph
 * is known. Every error names the file and, where it applies, the project and the version.
 */
export function parseScores(text: string, label: string): ScoresRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = jsonErrorPosition(text, message);
    return { ok: false, error: `${label}: not valid JSON at line ${at.line} column ${at.column} (offset ${at.offset}): ${message}` };
  }
  if (!isObject(doc)) return { ok: false, error: `${label}: expected an object {"<project>": {"<version>": <number>}}, got ${describe(doc)}` };
  if (Object.keys(doc).length === 0) return { ok: false, error: `${label}: no scores: expected {"<project>": {"<version>": <number>}} with at least one project` };
  const table = new Map<string, Map<string, number>>();
  const spelled = new Map<string, string>();
  for (const [project, versions] of Object.entries(doc)) {
    const name = normalizeName(project);
    if (name === "") return { ok: false, error: `${label}: ${JSON.stringify(project)}: not a project name` };
    const other = spelled.get(name);
    if (other !== undefined) return { ok: false, error: `${label}: ${JSON.stringify(project)}: the same project as ${JSON.stringify(other)}` };
    spelled.set(name, project);
    if (!isObject(versions)) return { ok: false, error: `${label}: ${project}: expected an object {"<version>": <number>}, got ${describe(versions)}` };
    const scores = new Map<string, number>();
    const identities = new Map<string, string>();
    for (const [version, score] of Object.entries(versions)) {
      const parsed = parseVersion(version);
      if (!parsed.ok) return { ok: false, error: `${label}: ${project} ${JSON.stringify(version)}: not a PEP 440 version` };
      const id = versionKey(parsed.value);
      const same = identities.get(id);
      if (same !== undefined) return { ok: false, error: `${label}: ${project} ${JSON.stringify(version)}: the same version as ${JSON.stringify(same)}` };
      identities.set(id, version);
      if (typeof score !== "number") return { ok: false, error: `${label}: ${project} ${JSON.stringify(version)}: expected a number, got ${describe(score)}` };
      if (!isScoreInRange(score)) return { ok: false, error: `${label}: ${project} ${JSON.stringify(version)}: expected ${SCORE_RANGE_TEXT} (the scores range), got ${score}` };
      scores.set(version, score);
    }
    if (scores.size === 0) return { ok: false, error: `${label}: ${project}: no versions scored: expected {"<version>": <number>} with at least one version` };
    table.set(name, scores);
  }
  return { ok: true, table };
}

/** Reads and parses `--scores FILE.json`. */
export function readScoresFile(path: string): ScoresRead {
  let text: string;
  try {
    // Stat first: a FIFO would block the read forever and /dev/zero grow without bound.
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, error: `${path}: not a regular file (a FIFO, socket or device is not read)` };
    if (st.size > MAX_BYTES) return { ok: false, error: `${path}: ${st.size} bytes, over the ${MAX_BYTES}-byte limit per scores file` };
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, error: `${path}: cannot read: ${(error as Error).message}` };
  }
  if (text.length > MAX_BYTES) return { ok: false, error: `${path}: larger than ${MAX_BYTES} bytes` };
  return parseScores(text, path);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "a list";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x)}`;
  return typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}
