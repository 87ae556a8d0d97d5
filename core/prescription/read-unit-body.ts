import { child, type At, type FieldReader } from "./field-reader.js";
import { readLockedPackageVersion, readLockedVersion, readPackageName, readPackageNameEntry, readPackageVersionEntry, readResolvedState, readStepMatch } from "./read-match.js";
import { readJustifications, readManifestChanges, readMulti, readRun, readStepRun, stopFields } from "./read-run.js";
import type { PackageVersionMatch, PrescriptionUnit, ShouldInclude } from "./unit.js";

/** The parts of a unit its type decides (what it matches, what its run holds), after the common head. */
export function readUnitBody(r: FieldReader, type: string, head: UnitHead, raw: { readonly match: unknown; readonly run: unknown }, at: { readonly match: At; readonly run: At }): PrescriptionUnit | undefined {
  const { match: rawMatch, run: rawRun } = raw;
  const { match: matchAt, run: runAt } = at;
  switch (type) {
    case "boot": {
      const match = rawMatch === undefined ? undefined : r.oneOrList(rawMatch, matchAt, (v, a) => readPackageNameEntry(r, v, a));
      const run = readRun(r, rawRun, runAt, ["not_acceptable", "eager_stop_pipeline"]);
      if (run === undefined || (rawMatch !== undefined && match === undefined)) return undefined;
      return { kind: "boot", type, ...head, ...(match === undefined ? {} : { match }), run: { ...run.base, ...stopFields(r, run.map, runAt) } };
    }
    case "pseudonym": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageVersionEntry(r, v, a, true));
      const run = readRun(r, rawRun, runAt, ["yield"]);
      if (match === undefined || run === undefined) return undefined;
      const yieldAt = child(runAt, "yield");
      const y = r.mapping(r.required(run.map, "yield", runAt), yieldAt);
      if (y === undefined) return undefined;
      r.onlyKeys(y, yieldAt, ["yield_matched_version", "package_version"]);
      const yieldMatchedVersion = "yield_matched_version" in y ? r.boolean(y.yield_matched_version, child(yieldAt, "yield_matched_version")) : false;
      const packageVersion = readLockedPackageVersion(r, r.required(y, "package_version", yieldAt), child(yieldAt, "package_version"));
      if (packageVersion === undefined || yieldMatchedVersion === undefined) return undefined;
      return {
        kind: "pseudonym", type, ...head,
        match: match as { packageVersion: PackageVersionMatch & { name: string } }[],
        run: { ...run.base, yield: { yieldMatchedVersion, packageVersion } },
      };
    }
    case "sieve": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageVersionEntry(r, v, a, false));
      const run = readRun(r, rawRun, runAt, []);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "sieve", type, ...head, match, run: run.base };
    }
    case "sieve.SkipPackage": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readPackageNameEntry(r, v, a));
      const run = readRun(r, rawRun, runAt, []);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "sieve", type, ...head, match, run: run.base };
    }
    case "step": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readStepMatch(r, v, a));
      const run = readStepRun(r, rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "step", type, ...head, match, run };
    }
    case "step.SkipPackage": {
      const entry = readStepMatch(r, rawMatch, matchAt);
      const run = readRun(r, rawRun, runAt, ["multi_package_resolution"]);
      if (entry === undefined || run === undefined) return undefined;
      const multi = readMulti(r, run.map, runAt);
      if (multi === undefined) return undefined;
      return { kind: "step", type, ...head, match: [entry], run: { ...run.base, multiPackageResolution: multi } };
    }
    case "step.AddPackage": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readStepMatch(r, v, a));
      const run = readRun(r, rawRun, runAt, ["multi_package_resolution", "package_version"]);
      if (match === undefined || run === undefined) return undefined;
      const multi = readMulti(r, run.map, runAt);
      const pvAt = child(runAt, "package_version");
      const pv = r.mapping(r.required(run.map, "package_version", runAt), pvAt);
      if (pv === undefined || multi === undefined) return undefined;
      r.onlyKeys(pv, pvAt, ["name", "locked_version", "index_url", "develop"]);
      const name = readPackageName(r, r.required(pv, "name", pvAt), child(pvAt, "name"));
      const lockedVersion = readLockedVersion(r, r.required(pv, "locked_version", pvAt), child(pvAt, "locked_version"));
      const indexUrl = r.string(r.required(pv, "index_url", pvAt), child(pvAt, "index_url"));
      const develop = r.boolean(r.required(pv, "develop", pvAt), child(pvAt, "develop"));
      if (name === undefined || typeof lockedVersion !== "string" || indexUrl === undefined || develop === undefined) return undefined;
      return { kind: "step", type, ...head, match, run: { ...run.base, multiPackageResolution: multi, packageVersion: { name, lockedVersion, indexUrl, develop } } };
    }
    case "step.Group": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => {
        const m = r.mapping(v, a);
        if (m === undefined) return undefined;
        r.onlyKeys(m, a, ["group"]);
        const group = r.list(r.required(m, "group", a), child(a, "group"), (g, ga) => readPackageVersionEntry(r, g, ga, true), 2);
        return group === undefined ? undefined : { group: group as { packageVersion: PackageVersionMatch & { name: string } }[] };
      });
      const run = readStepRun(r, rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "step", type, ...head, match, run: { ...run, multiPackageResolution: true } };
    }
    case "stride": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, true, false));
      const run = readRun(r, rawRun, runAt, ["not_acceptable", "eager_stop_pipeline"]);
      if (match === undefined || run === undefined) return undefined;
      return { kind: "stride", type, ...head, match: match as { state: { resolvedDependencies: PackageVersionMatch[] } }[], run: { ...run.base, ...stopFields(r, run.map, runAt) } };
    }
    case "wrap": {
      const match = rawMatch === undefined ? undefined : r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, false, false));
      const run = readRun(r, rawRun, runAt, ["justification", "advised_manifest_changes"]);
      if (run === undefined || (rawMatch !== undefined && match === undefined)) return undefined;
      const justification = "justification" in run.map ? readJustifications(r, run.map.justification, child(runAt, "justification")) : undefined;
      const changes = "advised_manifest_changes" in run.map ? readManifestChanges(r, run.map.advised_manifest_changes, child(runAt, "advised_manifest_changes")) : undefined;
      return {
        kind: "wrap", type, ...head,
        ...(match === undefined ? {} : { match: match as { state?: { resolvedDependencies: PackageVersionMatch[] } }[] }),
        run: { ...run.base, ...(justification === undefined ? {} : { justification }), ...(changes === undefined ? {} : { advisedManifestChanges: changes }) },
      };
    }
    case "wrap.GHReleaseNotes": {
      const match = r.oneOrList(rawMatch, matchAt, (v, a) => readResolvedState(r, v, a, true, true));
      const run = r.mapping(rawRun, runAt);
      if (match === undefined || run === undefined) return undefined;
      r.onlyKeys(run, runAt, ["release_notes"]);
      const rnAt = child(runAt, "release_notes");
      const rn = r.mapping(r.required(run, "release_notes", runAt), rnAt);
      if (rn === undefined) return undefined;
      r.onlyKeys(rn, rnAt, ["organization", "repository", "tag_version_prefix"]);
      const organization = r.string(r.required(rn, "organization", rnAt), child(rnAt, "organization"));
      const repository = r.string(r.required(rn, "repository", rnAt), child(rnAt, "repository"));
      const prefix = "tag_version_prefix" in rn ? r.string(rn.tag_version_prefix, child(rnAt, "tag_version_prefix")) : undefined;
      if (organization === undefined || repository === undefined) return undefined;
      return {
        kind: "wrap", type, ...head,
        match: match as { state: { resolvedDependencies: [PackageVersionMatch & { name: string }] } }[],
        run: { releaseNotes: { organization, repository, ...(prefix === undefined ? {} : { tagVersionPrefix: prefix }) } },
      };
    }
  }
  return undefined;
}

/** What every unit has, read before its type's parts. */
export interface UnitHead {
  readonly name: string;
  readonly shouldInclude: ShouldInclude;
  readonly metadata?: Record<string, string | number | boolean | null>;
}
