/** A core metadata document (METADATA, PKG-INFO, PEP 658 `.metadata`), Metadata-Version 2.1. */
import type { CandidateMetadata } from "../../core/catalog/index.js";

export type MetadataDocument = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export function renderMetadata(name: string, version: string, metadata: CandidateMetadata): MetadataDocument {
  const lines = ["Metadata-Version: 2.1", `Name: ${name}`, `Version: ${version}`];
  const values = [name, version, metadata.requiresPython ?? "", ...metadata.requiresDist, ...metadata.providesExtra];
  const bad = values.find((v) => /[\r\n]/.test(v));
  if (bad !== undefined) return { ok: false, reason: `a metadata value contains a line break: ${JSON.stringify(bad)}` };
  if (metadata.requiresPython !== null && metadata.requiresPython.trim() !== "") lines.push(`Requires-Python: ${metadata.requiresPython}`);
  for (const extra of metadata.providesExtra) lines.push(`Provides-Extra: ${extra}`);
  for (const r of metadata.requiresDist) lines.push(`Requires-Dist: ${r}`);
  return { ok: true, text: lines.join("\n") + "\n\n" };
}
