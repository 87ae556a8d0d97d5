import type { Stack, WrapUnit } from "./unit.js";

export interface WrapIndex {
  /** The wraps a stack can trigger, in unit order. */
  wrapsFor(stack: Stack): readonly WrapUnit[];
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
  return {
    wrapsFor(stack) {
      const picked = new Set<number>(always);
      for (const name of Object.keys(stack)) for (const i of byName.get(name) ?? []) picked.add(i);
      return [...picked].sort((a, b) => a - b).map((i) => wraps[i]);
    },
  };
}
