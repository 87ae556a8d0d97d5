/** PEP 503 HTML and PEP 691 JSON renderings of the project list and of one project page. */
import type { ServedFile, ServedProject } from "./served-project.js";

export const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
export const HTML_TYPE = "application/vnd.pypi.simple.v1+html";
const API_VERSION = "1.1";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** The URL path of a served file, relative to the server root. */
export function fileUrl(project: string, file: ServedFile): string {
  return `/files/${encodeURIComponent(project)}/${encodeURIComponent(file.filename)}`;
}

export function projectListHtml(names: readonly string[]): string {
  const links = names.map((n) => `    <a href="/simple/${encodeURIComponent(n)}/">${escapeHtml(n)}</a><br/>`).join("\n");
  return `<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="${API_VERSION}">\n    <title>Simple index</title>\n  </head>\n  <body>\n${links}\n  </body>\n</html>\n`;
}

export function projectListJson(names: readonly string[]): string {
  return JSON.stringify({ meta: { "api-version": API_VERSION }, projects: names.map((name) => ({ name })) });
}

export function projectHtml(project: ServedProject): string {
  const links = project.files.map((f) => {
    let attrs = `href="${escapeHtml(fileUrl(project.name, f))}#sha256=${f.sha256}"`;
    if (f.requiresPython !== null) attrs += ` data-requires-python="${escapeHtml(f.requiresPython)}"`;
    if (f.yanked) attrs += ` data-yanked="${escapeHtml(f.yankedReason ?? "")}"`;
    // PEP 714: data-core-metadata, and the legacy attribute with the same value for older clients (HTML only).
    attrs += ` data-dist-info-metadata="sha256=${f.metadataSha256}" data-core-metadata="sha256=${f.metadataSha256}"`;
    return `    <a ${attrs}>${escapeHtml(f.filename)}</a><br/>`;
  });
  const title = `Links for ${escapeHtml(project.name)}`;
  return `<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="${API_VERSION}">\n    <title>${title}</title>\n  </head>\n  <body>\n    <h1>${title}</h1>\n${links.join("\n")}\n  </body>\n</html>\n`;
}

export function projectJson(project: ServedProject): string {
  return JSON.stringify({
    meta: { "api-version": API_VERSION },
    name: project.name,
    versions: project.versions,
    files: project.files.map((f) => {
      const entry: Record<string, unknown> = {
        filename: f.filename,
        url: fileUrl(project.name, f),
        hashes: { sha256: f.sha256 },
        "requires-python": f.requiresPython,
        yanked: f.yanked ? (f.yankedReason ?? true) : false,
        // PEP 714: `core-metadata` only; the legacy `dist-info-metadata` key makes pip 22.3-23.1 fail (TypeError: unhashable type: 'dict').
        "core-metadata": { sha256: f.metadataSha256 },
        size: f.body.length,
      };
      if (f.uploadTime !== null) entry["upload-time"] = f.uploadTime;
      return entry;
    }),
  });
}

/** PEP 691 content negotiation over the Accept header (q-values honoured); HTML when nothing better is asked for. */
export function chooseFormat(accept: string | undefined, format: string | null): "json" | "html" {
  if (format !== null) return format === JSON_TYPE || format === "json" ? "json" : "html";
  if (accept === undefined || accept.trim() === "") return "html";
  let best: { kind: "json" | "html"; q: number } = { kind: "html", q: -1 };
  for (const item of accept.split(",")) {
    const [type, ...params] = item.trim().split(";").map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    const kind = type === JSON_TYPE || type === "application/vnd.pypi.simple.latest+json" ? "json" : type === HTML_TYPE || type === "application/vnd.pypi.simple.latest+html" || type === "text/html" || type === "*/*" ? "html" : null;
    if (kind !== null && q > best.q) best = { kind, q };
  }
  return best.kind;
}
