import type { Justification } from "../justification/index.js";
import type { AuditedAdvisory } from "./lock-audit.js";
import type { PrescriptionFlag } from "./lock-prescriptions.js";
import type { PackageScore } from "./package-scores.js";

/** One package changed by an update. `old` null: added; `new` null: no longer needed. */
export interface PackageUpdate {
  readonly package: string;
  readonly old: string | null;
  readonly new: string | null;
  /** Only a development group needs it (a Pipfile's dev-packages, a dependency group). */
  readonly dev: boolean;
  /** Advisories of the old version that the new one no longer has. */
  readonly fixes: readonly AuditedAdvisory[];
  /** Prescriptions that flag the old version in the lock and not the new one in the update. */
  readonly prescriptionsFixed: readonly PrescriptionFlag[];
  /**
   * The package's contribution to the advised score (PackageScore) in the lock and in the update,
   * and new minus old: 0 for a package not in that stack; null when a unit removes that version.
   */
  readonly scoreOld: number | null;
  readonly scoreNew: number | null;
  readonly scoreDelta: number | null;
  /** What the pipeline says about the new version (with links), canonical order. */
  readonly justifications: readonly Justification[];
}

/** What stackDiff reads besides the two stacks. */
export interface DiffKnowledge {
  readonly advisoriesOf: (name: string, version: string) => readonly AuditedAdvisory[];
  readonly isDev: (name: string) => boolean;
  /** Prescription flags of the old stack and of the new one (lockPrescriptionFlags); absent: none. */
  readonly flagsOld?: ReadonlyMap<string, readonly PrescriptionFlag[]>;
  readonly flagsNew?: ReadonlyMap<string, readonly PrescriptionFlag[]>;
  /** Package scores of the old stack and of the new one (packageScores); absent: no score known (deltas null). */
  readonly scoresOld?: ReadonlyMap<string, PackageScore>;
  readonly scoresNew?: ReadonlyMap<string, PackageScore>;
}

const scoreIn = (scores: ReadonlyMap<string, PackageScore> | undefined, name: string, version: string | null): number | null =>
  version === null ? 0 : scores?.get(name)?.score ?? null;

/**
 * The packages whose versions differ between a lock and a new stack, by name; `fixes` says which
 * of the old version's advisories the new version leaves behind, `prescriptionsFixed` which
 * prescriptions stop flagging it, and the score columns what the move does to the advised score.
 */
export function stackDiff(old: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>, k: DiffKnowledge): readonly PackageUpdate[] {
  const names = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  const out: PackageUpdate[] = [];
  for (const name of names) {
    const a = old[name] ?? null;
    const b = next[name] ?? null;
    if (a === b) continue;
    const after = new Set(b === null ? [] : k.advisoriesOf(name, b).map((x) => x.id));
    const fixes = a === null ? [] : k.advisoriesOf(name, a).filter((x) => !after.has(x.id));
    const stillFlagged = new Set((b === null ? [] : k.flagsNew?.get(name) ?? []).map((f) => f.unit));
    const prescriptionsFixed = a === null ? [] : (k.flagsOld?.get(name) ?? []).filter((f) => !stillFlagged.has(f.unit));
    const scoreOld = k.scoresOld === undefined ? null : scoreIn(k.scoresOld, name, a);
    const scoreNew = k.scoresNew === undefined ? null : scoreIn(k.scoresNew, name, b);
    const scoreDelta = scoreOld === null || scoreNew === null ? null : scoreNew - scoreOld;
    const justifications = b === null ? [] : k.scoresNew?.get(name)?.justifications ?? [];
    out.push({ package: name, old: a, new: b, dev: k.isDev(name), fixes, prescriptionsFixed, scoreOld, scoreNew, scoreDelta, justifications });
  }
  return out;
}
