import type { Advisory } from "../advisory/index.js";
import { advisoriesAffecting, type AdvisoriesByProject } from "../pipeline/index.js";
import type { PrescriptionFlag } from "./lock-prescriptions.js";

/** One advisory as an audit reports it: ids to match on, the versions that fix it, where to read. */
export interface AuditedAdvisory {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary: string | null;
  /** The `fixed` events of the advisory's ranges for this package, in file order. */
  readonly fixed: readonly string[];
  readonly link: string;
}

/** A locked package with the advisories that affect its pinned version and the prescriptions that flag it. */
export interface AuditedPackage {
  readonly package: string;
  readonly version: string;
  readonly advisories: readonly AuditedAdvisory[];
  readonly prescriptions: readonly PrescriptionFlag[];
}

/** The fixed versions an advisory's ECOSYSTEM ranges name for a package (GIT ranges' commits left out). */
export function fixedVersions(advisory: Advisory, name: string): readonly string[] {
  const out: string[] = [];
  for (const affected of advisory.affected) {
    if (affected.name !== name) continue;
    for (const range of affected.ranges) {
      if (range.type !== "ECOSYSTEM") continue;
      for (const e of range.events) if ("fixed" in e && !out.includes(e.fixed)) out.push(e.fixed);
    }
  }
  return out;
}

export function auditedAdvisory(advisory: Advisory, name: string): AuditedAdvisory {
  return {
    id: advisory.id, aliases: advisory.aliases.filter((a) => a !== advisory.id), summary: advisory.summary ?? null,
    fixed: fixedVersions(advisory, name), link: advisory.link,
  };
}

/**
 * The audit of a lock (glossary: lock audit): each pinned version with the advisories affecting it
 * (one per vulnerability: a PYSEC id and its GHSA alias count once) and the prescriptions that flag
 * it (`flags`, from lockPrescriptionFlags), by package name.
 */
export function auditLock(
  pins: Readonly<Record<string, string>>, advisories: AdvisoriesByProject, flags: ReadonlyMap<string, readonly PrescriptionFlag[]> = new Map(),
): readonly AuditedPackage[] {
  return Object.keys(pins).sort().map((name) => ({
    package: name, version: pins[name]!, advisories: advisoriesAffecting(advisories, name, pins[name]!).map((a) => auditedAdvisory(a, name)),
    prescriptions: flags.get(name) ?? [],
  }));
}

/** How many advisories a stack's versions carry (one per vulnerability and package). */
export function advisoryCount(stack: Readonly<Record<string, string>>, advisories: AdvisoriesByProject): number {
  let n = 0;
  for (const [name, version] of Object.entries(stack)) n += advisoriesAffecting(advisories, name, version).length;
  return n;
}
