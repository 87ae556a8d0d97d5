import type { ManifestChange } from "../prescription/index.js";
import type { Justification } from "../justification/index.js";
import type { RequestContext, Stack, WrapUnit } from "./unit.js";

export interface WrapIndex {
  /** The wraps a stack can trigger, in unit order. */
  wrapsFor(stack: Stack): readonly WrapUnit[];
  /** Runs them: their justifications, stack info and distinct manifest changes (ordered by content). */
  run(stack: Stack, context: RequestContext): {
    readonly justification: readonly Justification[];
    readonly stackInfo: readonly Justification[];
    readonly advisedManifestChanges: readonly ManifestChange[];
  };
}

/** Indexes wraps by their trigger names, so that a stack runs only its packages' wraps and those without triggers. */
export function createWrapIndex(wraps: readonly WrapUnit[]): WrapIndex {
  const always: number[] = [];
  const byName = new Map<string, number[]>();
  wraps.forEach((w, i) => {
    if (w.triggers === undefined) {
      always.push(i);
      return;
    }
    for (const name of new Set(w.triggers)) {
      const list = byName.get(name) ?? [];
      list.push(i);
      byName.set(name, list);
    }
  });
  const wrapsFor = (stack: Stack): readonly WrapUnit[] => {
    const picked = new Set<number>(always);
    for (const name of Object.keys(stack)) for (const i of byName.get(name) ?? []) picked.add(i);
    return [...picked].sort((a, b) => a - b).map((i) => wraps[i]);
  };
  return {
    wrapsFor,
    run(stack, context) {
      const justification: Justification[] = [];
      const stackInfo: Justification[] = [];
      const changes = new Map<string, ManifestChange>();
      for (const w of wrapsFor(stack)) {
        const r = w.run(stack, context);
        if (isJustificationList(r)) {
          justification.push(...r);
          continue;
        }
        justification.push(...(r.justification ?? []));
        stackInfo.push(...(r.stackInfo ?? []));
        for (const c of r.advisedManifestChanges ?? []) changes.set(JSON.stringify(c), c);
      }
      const advisedManifestChanges = [...changes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
      return { justification, stackInfo, advisedManifestChanges };
    },
  };
}

const isJustificationList = (r: ReturnType<WrapUnit["run"]>): r is readonly Justification[] => Array.isArray(r);
