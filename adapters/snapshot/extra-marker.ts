/**
 * Turns a requirement of an extra into a Requires-Dist entry: `b>=1; python_version < "3.9"` in
 * extra `x` becomes `b>=1 ; (python_version < "3.9") and extra == "x"`.
 */
export function withExtraMarker(requirement: string, extra: string): string {
  const split = markerSeparator(requirement);
  const clause = `extra == ${JSON.stringify(extra)}`;
  if (split < 0) return `${requirement.trim()} ; ${clause}`;
  const head = requirement.slice(0, split).trim();
  const marker = requirement.slice(split + 1).trim();
  return marker === "" ? `${head} ; ${clause}` : `${head} ; (${marker}) and ${clause}`;
}

/**
 * The index of the `;` that starts the marker, or -1. In a URL requirement (`name @ url ; marker`)
 * the separator must follow whitespace, since URLs may contain `;`.
 */
export function markerSeparator(requirement: string): number {
  const at = requirement.indexOf("@");
  const semi = requirement.indexOf(";");
  if (semi < 0) return -1;
  if (at < 0 || semi < at) return semi;
  for (let i = at; i < requirement.length; i++) {
    if (requirement[i] === ";" && /\s/.test(requirement[i - 1] ?? "")) return i;
  }
  return -1;
}
