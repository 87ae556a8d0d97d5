/**
 * PEP 691 project pages (`application/vnd.pypi.simple.v1+json`): `meta.api-version` 1.x,
 * `files[]` with `filename`, `url` (relative to the page), `hashes`, `requires-python`,
 * `yanked` (bool or reason), `core-metadata` / `dist-info-metadata` (bool or hashes), `size`,
 * `upload-time` (PEP 700).
 */
import type { IndexFile } from "./index-cache.js";
import type { IndexLimits } from "./limits.js";
import type { PageParse } from "./page-parse-result.js";

export function parseSimpleJson(text: string, pageUrl: string, limits: IndexLimits): PageParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${pageUrl}: not JSON (${(e as Error).message})` };
  }
  if (!isObject(doc)) return { ok: false, error: `${pageUrl}: the document is not a JSON object` };
  const meta = doc.meta;
  const apiVersion = isObject(meta) ? meta["api-version"] : undefined;
  if (typeof apiVersion !== "string" || !/^1(\.\d+)?$/.test(apiVersion)) {
    return { ok: false, error: `${pageUrl}: meta.api-version ${JSON.stringify(apiVersion)} is not a supported 1.x version` };
  }
  if (!Array.isArray(doc.files)) return { ok: false, error: `${pageUrl}: "files" is not an array` };
  if (doc.files.length > limits.maxFiles) return { ok: false, error: `${pageUrl}: more than ${limits.maxFiles} files listed` };
  const files: IndexFile[] = [];
  for (const [i, f] of doc.files.entries()) {
    const where = `${pageUrl}: files[${i}]`;
    if (!isObject(f)) return { ok: false, error: `${where} is not an object` };
    const { filename, url } = f;
    if (typeof filename !== "string" || filename === "" || filename.length > limits.maxFieldChars) {
      return { ok: false, error: `${where}.filename must be a non-empty string of at most ${limits.maxFieldChars} characters` };
    }
    if (typeof url !== "string" || url.length > limits.maxFieldChars) return { ok: false, error: `${where}.url must be a string of at most ${limits.maxFieldChars} characters` };
    let absolute: string;
    try {
      absolute = new URL(url, pageUrl).href;
    } catch {
      return { ok: false, error: `${where}.url ${JSON.stringify(url.slice(0, 200))} is not a URL` };
    }
    const hashes = stringRecord(f.hashes);
    if (hashes === null) return { ok: false, error: `${where}.hashes must map hash names to strings` };
    const requiresPython = f["requires-python"];
    if (requiresPython !== undefined && requiresPython !== null && typeof requiresPython !== "string") {
      return { ok: false, error: `${where}.requires-python must be a string` };
    }
    const yanked = f.yanked;
    if (yanked !== undefined && typeof yanked !== "boolean" && typeof yanked !== "string") return { ok: false, error: `${where}.yanked must be a boolean or a string` };
    const uploadTime = f["upload-time"];
    if (uploadTime !== undefined && uploadTime !== null && typeof uploadTime !== "string") return { ok: false, error: `${where}.upload-time must be a string` };
    const size = f.size;
    const metadata = f["core-metadata"] !== undefined ? f["core-metadata"] : f["dist-info-metadata"];
    const isYanked = yanked === true || typeof yanked === "string";
    const file: IndexFile = {
      filename,
      url: absolute,
      hashes: lowerValues(hashes),
      requiresPython: typeof requiresPython === "string" && requiresPython.trim() !== "" ? requiresPython : null,
      yanked: isYanked,
      uploadTime: typeof uploadTime === "string" ? uploadTime : null,
      ...(typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
      ...(metadata === true ? { hasMetadata: true } : {}),
      ...(isObject(metadata) ? { hasMetadata: true, metadataHashes: lowerValues(stringRecord(metadata) ?? {}) } : {}),
      ...(isYanked ? { yankedReason: typeof yanked === "string" && yanked !== "" ? yanked : null } : {}),
    };
    files.push(file);
  }
  return { ok: true, value: files };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function stringRecord(x: unknown): Record<string, string> | null {
  if (x === undefined) return {};
  if (!isObject(x)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== "string") return null;
    out[k] = v;
  }
  return out;
}

function lowerValues(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
}
