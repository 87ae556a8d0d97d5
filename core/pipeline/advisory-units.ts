import { isAffected, type Advisory, type VersionOrder } from "../advisory/index.js";
import { compareVersions, parseVersion } from "../pep440/index.js";
import type { Justification } from "../justification/index.js";
import type { SieveUnit, StaticStepUnit } from "./unit.js";

/** Advisories per normalized project name (adapters/osv's AdvisoryIndex.byProject). */
export type AdvisoriesByProject = ReadonlyMap<string, readonly Advisory[]>;

/** PEP 440 order for OSV ranges (core/pep440). */
export const pep440Order: VersionOrder = {
  compare(a, b) {
    const x = parseVersion(a);
    const y = parseVersion(b);
    return x.ok && y.ok ? compareVersions(x.value, y.value) : undefined;
  },
};

/**
 * The advisories affecting a candidate, sorted by id, one per vulnerability: an advisory whose id
 * or aliases overlap one already counted (a PYSEC and its GHSA alias) is counted once.
 */
export function advisoriesAffecting(advisories: AdvisoriesByProject, name: string, version: string): readonly Advisory[] {
  const hits = (advisories.get(name) ?? []).filter((a) => isAffected(a, name, version, pep440Order));
  hits.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counted = new Set<string>();
  const out: Advisory[] = [];
  for (const a of hits) {
    if (counted.has(a.id) || a.aliases.some((x) => counted.has(x))) continue;
    counted.add(a.id);
    for (const x of a.aliases) counted.add(x);
    out.push(a);
  }
  return out;
}

function advisoryText(a: Advisory): string {
  const aliases = a.aliases.filter((x) => x !== a.id);
  return `${a.id}${aliases.length > 0 ? ` (${aliases.join(", ")})` : ""}${a.summary ? `: ${a.summary}` : ""}`;
}

function justify(type: Justification["type"], name: string, version: string, a: Advisory, what: string): Justification {
  return { type, message: `${name}==${version} is affected by ${advisoryText(a)}${what}`, link: a.link, package_name: name };
}

/** `security`: removes every candidate with a known advisory; the reason names the advisory ids. */
export function advisorySieve(advisories: AdvisoriesByProject): SieveUnit {
  return {
    kind: "sieve",
    name: "osv-advisory-sieve",
    run(name, version) {
      const hits = advisoriesAffecting(advisories, name, version);
      if (hits.length === 0) return { keep: true };
      return {
        keep: false,
        reason: `known advisories ${hits.map((a) => a.id).join(", ")}`,
        justification: hits.map((a) => justify("WARNING", name, version, a, "; removed under the security recommendation type")),
      };
    },
  };
}

/**
 * `stable`, `performance`, `testing`: `penalty` (Thoth's CvePenalizationStep: -0.2) per advisory,
 * with a WARNING justification linking each advisory.
 */
export function advisoryPenaltyStep(advisories: AdvisoriesByProject, penalty = -0.2): StaticStepUnit {
  return {
    kind: "step",
    scope: "candidate",
    name: "osv-advisory-penalty",
    term: "advisories",
    run(name, version) {
      const hits = advisoriesAffecting(advisories, name, version);
      if (hits.length === 0) return undefined;
      return { acceptable: true, score: penalty * hits.length, justification: hits.map((a) => justify("WARNING", name, version, a, "")) };
    },
  };
}

/** `latest`: informs (a WARNING per advisory with its link) and leaves the score alone. */
export function advisoryNoticeStep(advisories: AdvisoriesByProject): StaticStepUnit {
  return {
    kind: "step",
    scope: "candidate",
    name: "osv-advisory-notice",
    term: "advisories",
    run(name, version) {
      const hits = advisoriesAffecting(advisories, name, version);
      if (hits.length === 0) return undefined;
      return {
        acceptable: true, score: 0,
        justification: hits.map((a) => justify("WARNING", name, version, a, "; not penalised under the latest recommendation type")),
      };
    },
  };
}
