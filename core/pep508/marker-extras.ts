import type { MarkerAtom } from "./marker.js";

/** The extra names a marker compares `extra` with (normalized, in order of appearance, without duplicates). */
export function markerExtras(m: MarkerAtom): string[] {
  const out: string[] = [];
  collect(m, out);
  return out;
}

function collect(m: MarkerAtom, out: string[]): void {
  if (m.kind === "group") {
    for (const a of m.atoms) collect(a, out);
    return;
  }
  let value: string | null = null;
  if (m.left.kind === "variable" && m.left.name === "extra" && m.right.kind === "string") value = m.right.value;
  else if (m.right.kind === "variable" && m.right.name === "extra" && m.left.kind === "string") value = m.left.value;
  if (value !== null && value !== "" && !out.includes(value)) out.push(value);
}
