import type { MarkerAtom, MarkerComparison, MarkerGroup, MarkerOperand } from "./marker.js";

function formatOperand(o: MarkerOperand): string {
  return o.kind === "variable" ? o.name : `"${o.value}"`;
}

function formatComparison(c: MarkerComparison): string {
  return `${formatOperand(c.left)} ${c.op} ${formatOperand(c.right)}`;
}

function formatAtom(atom: MarkerAtom, first: boolean): string {
  if (atom.kind === "compare") return formatComparison(atom);
  return formatGroup(atom, first);
}

function formatGroup(g: MarkerGroup, first: boolean): string {
  // packaging: a one-element list holding a list or tuple is formatted as that element, at top level
  if (g.atoms.length === 1) return formatAtom(g.atoms[0]!, true);
  let out = formatAtom(g.atoms[0]!, false);
  for (let i = 1; i < g.atoms.length; i++) out += ` ${g.ops[i - 1]} ${formatAtom(g.atoms[i]!, false)}`;
  return first ? out : `(${out})`;
}

/**
 * The normalized text of a marker, equal to `str(packaging.markers.Marker(text))`: single spaces,
 * double quotes, canonical variable names, redundant parentheses dropped. Like packaging, values
 * are not escaped, and doubled parentheses `((a or b))` inside an expression lose their
 * parentheses (see README.md).
 */
export function formatMarker(m: MarkerAtom): string {
  return formatAtom(m, true);
}
