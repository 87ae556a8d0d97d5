/** A security advisory in the OSV schema (https://ossf.github.io/osv-schema/), reduced to what scoring needs. */
export interface AdvisoryRange {
  readonly type: "ECOSYSTEM" | "SEMVER" | "GIT";
  /** In file order: `introduced` ("0": from the start), `fixed`, `last_affected`, `limit`. */
  readonly events: readonly ({ readonly introduced: string } | { readonly fixed: string } | { readonly lastAffected: string } | { readonly limit: string })[];
}

export interface AdvisoryAffected {
  /** PEP 503-normalized PyPI project name. */
  readonly name: string;
  readonly ranges: readonly AdvisoryRange[];
  /** Explicitly listed affected versions. */
  readonly versions: readonly string[];
}

export interface Advisory {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly affected: readonly AdvisoryAffected[];
  /** The advisory link: an ADVISORY reference, else the first reference, else the OSV page. */
  readonly link: string;
  readonly severity: readonly { readonly type: string; readonly score: string }[];
  readonly withdrawn?: string;
  /** When the advisory was last changed (OSV `modified`, RFC 3339). */
  readonly modified?: string;
}

/** Total order on versions (core/pep440's comparison); undefined when either does not parse. */
export interface VersionOrder {
  compare(a: string, b: string): number | undefined;
}

/**
 * Whether `version` of `name` is affected, per OSV's evaluation: the version is in an explicit
 * `versions` list, or in an ECOSYSTEM range whose events, sorted by version, leave it introduced
 * and not yet fixed (`fixed`, `limit`: exclusive; `last_affected`: inclusive).
 */
export function isAffected(advisory: Advisory, name: string, version: string, order: VersionOrder): boolean {
  for (const a of advisory.affected) {
    if (a.name !== name) continue;
    if (a.versions.some((v) => v === version || order.compare(v, version) === 0)) return true;
    for (const range of a.ranges) {
      if (range.type === "ECOSYSTEM" && inRange(range, version, order)) return true;
    }
  }
  return false;
}

function inRange(range: AdvisoryRange, version: string, order: VersionOrder): boolean {
  const cmp = (a: string, b: string): number => (a === "0" ? (b === "0" ? 0 : -1) : b === "0" ? 1 : order.compare(a, b) ?? NaN);
  const events = range.events
    .map((e) => ("introduced" in e ? { at: e.introduced, kind: "introduced" } : "fixed" in e ? { at: e.fixed, kind: "fixed" } : "lastAffected" in e ? { at: e.lastAffected, kind: "last" } : { at: e.limit, kind: "limit" }))
    .filter((e) => !Number.isNaN(cmp(e.at, e.at)))
    .sort((x, y) => cmp(x.at, y.at));
  let affected = false;
  for (const e of events) {
    const c = cmp(e.at, version);
    if (Number.isNaN(c)) continue;
    if (e.kind === "introduced") {
      if (c <= 0) affected = true;
    } else if (e.kind === "fixed" || e.kind === "limit") {
      if (c <= 0) affected = false;
    } else if (c < 0) {
      affected = false;
    }
  }
  return affected;
}
