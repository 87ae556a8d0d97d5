/**
 * PEP 503 project pages (HTML): every `<a>` is a file. `href` is relative to the page, its
 * fragment `#<hash>=<hex>` is the file's hash; `data-requires-python` is HTML-escaped;
 * `data-yanked` (PEP 592) marks the file yanked, its value is the reason; `data-core-metadata`
 * or its older spelling `data-dist-info-metadata` (PEP 658/714) says a metadata file is served.
 */
import { unescapeHtml } from "./html-entities.js";
import type { IndexFile } from "./index-cache.js";
import type { IndexLimits } from "./limits.js";
import type { PageParse } from "./page-parse-result.js";

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The `<a ...>text</a>` elements of a page, found by a linear scan (no backtracking regex over
 * the whole document, so a hostile page of unclosed tags costs O(n), not O(n^2)).
 */
function* anchors(html: string, maxTagChars: number): Generator<{ attributes: string; text: string } | { tooLong: true }> {
  const lower = html.toLowerCase();
  let at = 0;
  let close = -2; // position of the next "</a" at or after `at`; -2 = unknown, -1 = none left
  for (;;) {
    const open = lower.indexOf("<a", at);
    if (open < 0) return;
    const next = lower.charCodeAt(open + 2);
    const end = lower.indexOf(">", open + 2);
    if (end < 0) return;
    at = end + 1;
    if (!(next === 32 || next === 9 || next === 10 || next === 13 || next === 12 || next === 62 || next === 47)) continue;
    if (end - open > maxTagChars) {
      yield { tooLong: true };
      return;
    }
    if (close !== -1 && close < at) close = lower.indexOf("</a", at);
    const text = close < 0 ? "" : html.slice(at, close);
    yield { attributes: html.slice(open + 2, end), text: text.length > maxTagChars ? "" : text };
  }
}

export function parseSimpleHtml(html: string, pageUrl: string, limits: IndexLimits): PageParse {
  const files: IndexFile[] = [];
  for (const anchor of anchors(html, 8 * limits.maxFieldChars)) {
    if ("tooLong" in anchor) return { ok: false, error: `${pageUrl}: an <a> tag longer than ${8 * limits.maxFieldChars} characters` };
    if (files.length >= limits.maxFiles) return { ok: false, error: `${pageUrl}: more than ${limits.maxFiles} files listed` };
    const attrs = new Map<string, string | null>();
    for (const a of anchor.attributes.matchAll(ATTRIBUTE)) {
      const raw = a[2] ?? a[3] ?? a[4];
      attrs.set(a[1].toLowerCase(), raw === undefined ? null : unescapeHtml(raw));
    }
    const href = attrs.get("href");
    if (href === undefined || href === null || href === "") continue;
    if (href.length > limits.maxFieldChars) return { ok: false, error: `${pageUrl}: an href longer than ${limits.maxFieldChars} characters` };
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      return { ok: false, error: `${pageUrl}: invalid href ${JSON.stringify(href.slice(0, 200))}` };
    }
    const hashes: Record<string, string> = {};
    const fragment = /^#([a-z0-9_]+)=([0-9a-fA-F]+)$/.exec(url.hash);
    if (fragment) hashes[fragment[1]] = fragment[2].toLowerCase();
    url.hash = "";
    const text = unescapeHtml(anchor.text.replace(/<[^>]*>/g, "")).trim();
    const lastSegment = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
    const filename = lastSegment !== "" ? lastSegment : text;
    if (filename.length > limits.maxFieldChars) return { ok: false, error: `${pageUrl}: a filename longer than ${limits.maxFieldChars} characters` };
    const requiresPython = attrs.get("data-requires-python");
    const yanked = attrs.has("data-yanked");
    const yankedReason = attrs.get("data-yanked");
    const meta = attrs.has("data-core-metadata") ? attrs.get("data-core-metadata") : attrs.get("data-dist-info-metadata");
    const file: IndexFile = {
      filename,
      url: url.href,
      hashes,
      requiresPython: requiresPython === undefined || requiresPython === null || requiresPython.trim() === "" ? null : requiresPython,
      yanked,
      uploadTime: attrs.get("data-upload-time") ?? null,
      ...metadataFlag(meta),
      ...(yanked ? { yankedReason: yankedReason === "" || yankedReason === undefined ? null : yankedReason } : {}),
    };
    files.push(file);
  }
  return { ok: true, value: files };
}

/** `data-core-metadata`: absent or "false" = none; "true" = served, hash unknown; "sha256=<hex>" = served with its hash. */
function metadataFlag(value: string | null | undefined): Pick<IndexFile, "hasMetadata" | "metadataHashes"> {
  if (value === undefined || value === "false") return {};
  if (value === null || value === "" || value === "true") return { hasMetadata: true };
  const m = /^([a-z0-9_]+)=([0-9a-fA-F]+)$/.exec(value.trim());
  return m ? { hasMetadata: true, metadataHashes: { [m[1]]: m[2].toLowerCase() } } : { hasMetadata: true };
}
