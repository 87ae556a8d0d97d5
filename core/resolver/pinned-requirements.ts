import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";

/** A resolution as `name==version` lines (root left out, extras as `name[extra]==version`), in package order. */
export function pinnedRequirements(g: CompiledGraph, pins: Int32Array): string[] {
  const out: string[] = [];
  for (let p = 0; p < g.packageCount; p++) {
    if (p === ROOT || pins[p] < 0) continue;
    out.push(`${g.names[p]}==${g.versions[g.versionStart[p] + pins[p]]}`);
  }
  return out;
}
