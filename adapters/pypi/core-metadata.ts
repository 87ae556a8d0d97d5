/**
 * Core metadata (METADATA / PKG-INFO, PEP 658 `.metadata` files): email-style headers up to the
 * first empty line, continuation lines starting with a space or tab. Resolution needs
 * Requires-Dist, Requires-Python and Provides-Extra; Name is checked against the project.
 */
import type { Result } from "../../core/failure/index.js";
import type { CandidateMetadata } from "../../core/catalog/index.js";
import type { IndexLimits } from "./limits.js";
import { normalizeName } from "../../core/pep508/index.js";
import { versionKey } from "./releases.js";

export type MetadataParse = Result<CandidateMetadata, string>;

/** `version`, when given, must equal the Version header (PEP 440 equality) when there is one. */
export function parseCoreMetadata(bytes: Uint8Array, project: string, limits: IndexLimits, version?: string): MetadataParse {
  if (bytes.length > limits.maxMetadataBytes) return { ok: false, error: `METADATA larger than ${limits.maxMetadataBytes} bytes` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: "METADATA is not valid UTF-8" };
  }
  const headers: [string, string][] = [];
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") break;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (headers.length === 0) return { ok: false, error: `METADATA line ${i + 1} continues no header` };
      const last = headers[headers.length - 1];
      last[1] += `\n${line}`;
      if (last[1].length > limits.maxHeaderChars) return { ok: false, error: `METADATA header ${last[0]} longer than ${limits.maxHeaderChars} characters` };
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) return { ok: false, error: `METADATA line ${i + 1} is not a header: ${JSON.stringify(line.slice(0, 80))}` };
    if (headers.length >= limits.maxHeaders) return { ok: false, error: `METADATA has more than ${limits.maxHeaders} headers` };
    const value = line.slice(colon + 1).trim();
    if (value.length > limits.maxHeaderChars) return { ok: false, error: `METADATA header ${line.slice(0, colon)} longer than ${limits.maxHeaderChars} characters` };
    headers.push([line.slice(0, colon).trim().toLowerCase(), value]);
  }
  // Folded values (continuation lines) unfold to one line.
  const values = (name: string) => headers.filter(([k]) => k === name).map(([, v]) => v.replace(/\s*\n\s*/g, " ").trim());
  const names = values("name");
  if (names.length > 0 && normalizeName(names[0]) !== normalizeName(project)) {
    return { ok: false, error: `METADATA names project ${JSON.stringify(names[0])}, not ${JSON.stringify(project)}` };
  }
  const versions = values("version");
  if (version !== undefined && versions.length > 0 && versionKey(versions[0]) !== versionKey(version)) {
    return { ok: false, error: `METADATA is for version ${JSON.stringify(versions[0])}, not ${JSON.stringify(version)}` };
  }
  const requiresPython = values("requires-python");
  return {
    ok: true,
    value: {
      requiresDist: values("requires-dist").filter((v) => v !== ""),
      requiresPython: requiresPython.length > 0 && requiresPython[0] !== "" ? requiresPython[0] : null,
      providesExtra: values("provides-extra").filter((v) => v !== ""),
    },
  };
}
