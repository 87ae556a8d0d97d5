/** A core metadata document (METADATA, PKG-INFO, PEP 658 `.metadata`), Metadata-Version 2.1. */
import type { Result } from "../../core/failure/index.js";
import type { CandidateMetadata } from "../../core/catalog/index.js";

export type MetadataDocument = Result<string, string>;

export function renderMetadata(name: string, version: string, metadata: CandidateMetadata): MetadataDocument {
  const lines = ["Metadata-Version: 2.1", `Name: ${name}`, `Version: ${version}`];
  const values = [name, version, metadata.requiresPython ?? "", ...metadata.requiresDist, ...metadata.providesExtra];
  const bad = values.find((v) => /[\r\n]/.test(v));
  if (bad !== undefined) return { ok: false, error: `a metadata value contains a line break: ${JSON.stringify(bad)}` };
  if (metadata.requiresPython !== null && metadata.requiresPython.trim() !== "") lines.push(`Requires-Python: ${metadata.requiresPython}`);
  for (const extra of metadata.providesExtra) lines.push(`Provides-Extra: ${extra}`);
  for (const r of metadata.requiresDist) lines.push(`Requires-Dist: ${r}`);
  return { ok: true, value: lines.join("\n") + "\n\n" };
}
