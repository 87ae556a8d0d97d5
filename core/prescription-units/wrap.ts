import type { GHReleaseNotesWrapUnit, WrapUnit as WrapPrescription } from "../prescription/index.js";
import type { Justification } from "../justification/index.js";
import { indexHolds, isNever, namedMatch } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { PackageMatch, Stack, WrapResult, WrapUnit } from "../pipeline/index.js";
import { versionMatches } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

const holds = (entry: readonly PackageMatch[], stack: Stack): boolean =>
  entry.every((w) => stack[w.name] !== undefined && versionMatches(stack[w.name], w.version));

/** The entries' resolved dependencies for the index, entries that never hold there left out. */
function entriesFor(
  match: readonly { readonly state?: { readonly resolvedDependencies: readonly import("../prescription/index.js").PackageVersionMatch[] } }[],
  indexUrl: string,
): { entries: PackageMatch[][]; never: string } | { unsupported: string } {
  const entries: PackageMatch[][] = [];
  let never = "no match entry";
  outer: for (const m of match) {
    const entry: PackageMatch[] = [];
    for (const r of m.state?.resolvedDependencies ?? []) {
      const c = namedMatch(r, indexUrl);
      if (c === undefined) return { unsupported: "a resolved dependency without a name" };
      if (isNever(c)) {
        never = c.never;
        continue outer;
      }
      entry.push(c);
    }
    entries.push(entry);
  }
  return { entries, never };
}

/**
 * `type: wrap`: on a stack holding every resolved dependency of one match entry (no match: every
 * stack), adds its justification to the stack, its stack info to the advise and its advised
 * manifest changes. Triggered by the first package of each entry (judgeStack's index). Only what
 * the report needs now is decided here (gaps, inapplicability, triggers): a snapshot holds tens of
 * thousands of wraps and a stack runs a few dozen, so entries and results are built on first use.
 */
export function wrapPrescription(u: WrapPrescription, indexUrl: string): UnitCompilation {
  if (u.match !== undefined) {
    let never: string | undefined;
    let possible = false;
    for (const m of u.match) {
      const deps = m.state?.resolvedDependencies ?? [];
      if (deps.some((d) => d.name === undefined)) return unsupported("a resolved dependency without a name");
      const off = deps.find((d) => !indexHolds(d.indexUrl, indexUrl) || d.develop === true);
      if (off === undefined) possible = true;
      else never ??= off.develop === true ? "develop installs only" : `index_url ${off.indexUrl?.negated ? "not " : ""}${off.indexUrl?.url}`;
    }
    if (!possible) return inapplicable(never ?? "no match entry");
  }
  const triggers = u.match !== undefined && u.match.every((m) => (m.state?.resolvedDependencies ?? []).length > 0)
    ? u.match.map((m) => (m.state?.resolvedDependencies ?? [])[0].name as string)
    : undefined;
  const unit: LazyWrap = { kind: "wrap", name: u.name, run: runLazyWrap, prescription: u, indexUrl, ...(triggers !== undefined ? { triggers } : {}) };
  return compiled(unit);
}

/** A prescription wrap whose entries and result are built on its first run (one shared `run`: no closures per unit). */
interface LazyWrap extends WrapUnit {
  readonly prescription: WrapPrescription;
  readonly indexUrl: string;
  built?: { readonly entries: PackageMatch[][] | undefined; readonly result: WrapResult };
}

function runLazyWrap(this: LazyWrap, stack: Stack): WrapResult {
  const u = this.prescription;
  if (this.built === undefined) {
    const e = u.match === undefined ? undefined : entriesFor(u.match, this.indexUrl);
    this.built = {
      entries: e === undefined ? undefined : "entries" in e ? e.entries : [],
      result: {
        justification: (u.run.justification ?? []).map((j) => toJustification(j)),
        stackInfo: u.run.stackInfo.map((x) => toJustification(x)),
        ...(u.run.advisedManifestChanges !== undefined ? { advisedManifestChanges: u.run.advisedManifestChanges } : {}),
      },
    };
  }
  const { entries, result } = this.built;
  return entries === undefined || entries.some((x) => holds(x, stack)) ? result : {};
}

/**
 * `type: wrap.GHReleaseNotes`, as Thoth: for the first resolved package that an entry matches,
 * an INFO "Release notes for package 'name'" linking
 * `https://github.com/<organization>/<repository>/releases/tag/<tag_version_prefix><version>`.
 */
export function releaseNotesPrescription(u: GHReleaseNotesWrapUnit, indexUrl: string): UnitCompilation {
  const e = entriesFor(u.match, indexUrl);
  if ("unsupported" in e) return unsupported(e.unsupported);
  const targets = e.entries.filter((x) => x.length > 0).map((x) => x[0]);
  if (targets.length === 0) return inapplicable(e.never);
  const { organization, repository, tagVersionPrefix } = u.run.releaseNotes;
  const unit: WrapUnit = {
    kind: "wrap", name: u.name, triggers: targets.map((t) => t.name),
    run(stack): readonly Justification[] {
      const t = targets.find((x) => stack[x.name] !== undefined && versionMatches(stack[x.name], x.version));
      if (t === undefined) return [];
      return [{
        type: "INFO", message: `Release notes for package '${t.name}'`, package_name: t.name,
        link: `https://github.com/${organization}/${repository}/releases/tag/${tagVersionPrefix ?? ""}${stack[t.name]}`,
      }];
    },
  };
  return compiled(unit);
}
