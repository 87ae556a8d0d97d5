import type { AuditedAdvisory } from "./lock-audit.js";

/** One package changed by an update. `old` null: added; `new` null: no longer needed. */
export interface PackageUpdate {
  readonly package: string;
  readonly old: string | null;
  readonly new: string | null;
  /** Only a development group needs it (a Pipfile's dev-packages, a dependency group). */
  readonly dev: boolean;
  /** Advisories of the old version that the new one no longer has. */
  readonly fixes: readonly AuditedAdvisory[];
}

/**
 * The packages whose versions differ between a lock and a new stack, by name; `fixes` says which
 * of the old version's advisories the new version leaves behind (`advisoriesOf`).
 */
export function stackDiff(
  old: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>,
  advisoriesOf: (name: string, version: string) => readonly AuditedAdvisory[], isDev: (name: string) => boolean,
): readonly PackageUpdate[] {
  const names = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  const out: PackageUpdate[] = [];
  for (const name of names) {
    const a = old[name] ?? null;
    const b = next[name] ?? null;
    if (a === b) continue;
    const after = new Set(b === null ? [] : advisoriesOf(name, b).map((x) => x.id));
    const fixes = a === null ? [] : advisoriesOf(name, a).filter((x) => !after.has(x.id));
    out.push({ package: name, old: a, new: b, dev: isDev(name), fixes });
  }
  return out;
}
