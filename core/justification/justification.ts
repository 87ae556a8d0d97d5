/** How serious a justification is (Thoth's message types). */
export type JustificationType = "INFO" | "WARNING" | "ERROR";

/**
 * A message explaining a choice (Thoth's justification), attached to a candidate or to the whole
 * advise: the one form, used by the units, the report and the prescriptions that declare them.
 * Field names as the report's JSON prints them (a public contract).
 */
export interface Justification {
  readonly type: JustificationType;
  readonly message: string;
  readonly link?: string;
  readonly package_name?: string;
}

const SEVERITY: Readonly<Record<Justification["type"], number>> = { ERROR: 0, WARNING: 1, INFO: 2 };

const keyOf = (j: Justification): string => JSON.stringify([j.package_name ?? "", j.type, j.message, j.link ?? ""]);

function compare(a: Justification, b: Justification): number {
  const pa = a.package_name ?? "";
  const pb = b.package_name ?? "";
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (a.type !== b.type) return SEVERITY[a.type] - SEVERITY[b.type];
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  const la = a.link ?? "";
  const lb = b.link ?? "";
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/**
 * The canonical list: duplicates (same package, type, message and link) removed, sorted by
 * package name, then severity (ERROR, WARNING, INFO), then message, then link. The order depends
 * on the content only, never on the order units ran or candidates were visited.
 */
export function canonicalJustifications(items: Iterable<Justification>): readonly Justification[] {
  const seen = new Map<string, Justification>();
  for (const j of items) {
    const k = keyOf(j);
    if (!seen.has(k)) seen.set(k, j);
  }
  return [...seen.values()].sort(compare);
}
