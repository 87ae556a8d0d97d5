import {
  shouldInclude, UNIT_KIND_KEYS, type InclusionContext, type PrescriptionUnit, type UnitDependencies,
} from "../prescription/index.js";
import { compilePrescriptionUnit, type PrescriptionOptions } from "./compile-unit.js";
import type { PipelineUnit } from "../pipeline/index.js";

export { THOTH_JUSTIFICATION_BASE } from "./to-justification.js";

export interface PrescriptionUnitsResult {
  readonly units: readonly PipelineUnit[];
  /** Units that qualified for the request but use what the pipeline does not execute (with the reason). */
  readonly unsupported: readonly { readonly name: string; readonly reason: string }[];
  /** Units that qualified but can never apply to the request's candidates (another index, develop installs), with the reason. */
  readonly inapplicable: readonly { readonly name: string; readonly reason: string }[];
  /** Units left out by should_include. */
  readonly notIncluded: number;
}

const KIND_KEY = Object.fromEntries(Object.entries(UNIT_KIND_KEYS).map(([key, kind]) => [kind, key])) as Record<PrescriptionUnit["kind"], keyof UnitDependencies>;

/**
 * Which units `should_include` registers. When the context does not say which units are
 * registered (`isIncluded`), units with `dependencies` are decided after the others, repeatedly,
 * against the units registered so far (Thoth's pipeline builder loops the same way).
 */
function includedUnits(units: readonly PrescriptionUnit[], context: InclusionContext): boolean[] {
  const registered = new Map<string, Set<string>>();
  const register = (u: PrescriptionUnit) => {
    const key = KIND_KEY[u.kind];
    const set = registered.get(key) ?? new Set<string>();
    set.add(u.name);
    registered.set(key, set);
  };
  const ctx: InclusionContext = context.isIncluded !== undefined ? context : { ...context, isIncluded: (kind, name) => registered.get(kind)?.has(name) ?? false };
  const decided = units.map((u) => u.shouldInclude.dependencies === undefined && shouldInclude(u.shouldInclude, ctx).included);
  if (context.isIncluded !== undefined || !units.some((u) => u.shouldInclude.dependencies !== undefined)) return decided;
  units.forEach((u, i) => decided[i] && register(u));
  for (let changed = true; changed;) {
    changed = false;
    units.forEach((u, i) => {
      if (decided[i] || u.shouldInclude.dependencies === undefined || !shouldInclude(u.shouldInclude, ctx).included) return;
      decided[i] = true;
      register(u);
      changed = true;
    });
  }
  return decided;
}

/**
 * Compiles Thoth prescription units into pipeline units (see compilePrescriptionUnit for each
 * type). `should_include` is decided here, once, with `context`. A unit named like one compiled
 * before is reported unsupported (Thoth refused duplicate names); so is any construct the
 * pipeline does not execute, never silently approximated.
 */
export function prescriptionUnits(units: readonly PrescriptionUnit[], context: InclusionContext, options: PrescriptionOptions = {}): PrescriptionUnitsResult {
  const out: PipelineUnit[] = [];
  const unsupported: { name: string; reason: string }[] = [];
  const inapplicable: { name: string; reason: string }[] = [];
  /** Prescription names and the pipeline unit names they expand to (`Name[i]`, `Name#j`): all distinct. */
  const names = new Set<string>();
  const included = includedUnits(units, context);
  let notIncluded = 0;
  units.forEach((u, i) => {
    if (!included[i]) {
      notIncluded++;
      return;
    }
    if (names.has(u.name)) {
      unsupported.push({ name: u.name, reason: "a second unit of this name" });
      return;
    }
    names.add(u.name);
    const c = compilePrescriptionUnit(u, options);
    if (c.kind === "compiled") {
      const clash = c.units.find((p) => p.name !== u.name && names.has(p.name));
      if (clash !== undefined) {
        unsupported.push({ name: u.name, reason: `its pipeline unit ${clash.name} is named like another unit` });
        return;
      }
      for (const p of c.units) if (p.name !== u.name) names.add(p.name);
      for (const p of c.units) out.push(p);
    } else (c.kind === "unsupported" ? unsupported : inapplicable).push({ name: u.name, reason: c.reason });
  });
  return { units: out, unsupported, inapplicable, notIncluded };
}

/**
 * Every construct of a prescription set the pipeline does not execute, with its count, whatever
 * the request (should_include aside), for `maat prescriptions check`; empty when all execute.
 */
export function prescriptionGaps(units: readonly PrescriptionUnit[], options: PrescriptionOptions = {}): { readonly construct: string; readonly count: number }[] {
  const counts = new Map<string, number>();
  for (const u of units) {
    const c = compilePrescriptionUnit(u, options);
    if (c.kind === "unsupported") counts.set(`${u.type}: ${c.reason}`, (counts.get(`${u.type}: ${c.reason}`) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([construct, count]) => ({ construct, count }));
}
