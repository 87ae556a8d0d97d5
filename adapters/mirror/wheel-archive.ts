/** A minimal valid wheel: `<dist>-<ver>.dist-info/` with METADATA, WHEEL and RECORD (sha256 entries). */
import { createHash } from "node:crypto";
import { storedZip } from "./stored-zip.js";

/** `py2.py3-none-any` → `py2-none-any`, `py3-none-any`; null when not three dash-separated parts. */
export function expandWheelTag(tag: string): string[] | null {
  const parts = tag.split("-");
  if (parts.length !== 3 || parts.some((p) => p === "")) return null;
  const out: string[] = [];
  for (const py of parts[0].split(".")) for (const abi of parts[1].split(".")) for (const plat of parts[2].split(".")) out.push(`${py}-${abi}-${plat}`);
  return out;
}

export function recordDigest(data: Uint8Array): string {
  return `sha256=${createHash("sha256").update(data).digest("base64url")}`;
}

/** `distName` is already escaped (`foo_bar`), `version` normalized; `tags` expanded. */
export function buildWheel(distName: string, version: string, tags: readonly string[], metadata: Uint8Array): Uint8Array {
  const encoder = new TextEncoder();
  const distInfo = `${distName}-${version}.dist-info`;
  const wheel = encoder.encode(["Wheel-Version: 1.0", "Generator: maat-mirror", "Root-Is-Purelib: true", ...tags.map((t) => `Tag: ${t}`)].join("\n") + "\n");
  const files = [
    { name: `${distInfo}/METADATA`, data: metadata },
    { name: `${distInfo}/WHEEL`, data: wheel },
  ];
  const record = files.map((f) => `${f.name},${recordDigest(f.data)},${f.data.length}`).join("\n") + `\n${distInfo}/RECORD,,\n`;
  return storedZip([...files, { name: `${distInfo}/RECORD`, data: encoder.encode(record) }]);
}
