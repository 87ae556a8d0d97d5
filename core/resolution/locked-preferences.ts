import type { CompiledGraph } from "../graph/index.js";
import { versionCount } from "../graph/index.js";
import { formatVersion, parseVersion } from "../pep440/index.js";

const canonical = (v: string): string => {
  const parsed = parseVersion(v);
  return parsed.ok ? formatVersion(parsed.value) : v;
};

/** Package id to the version index of its locked version, for the pins the graph holds (extras follow their base). */
export function lockedPreferences(graph: CompiledGraph, pins: Readonly<Record<string, string>>): Map<number, number> {
  const wanted = new Map(Object.entries(pins).map(([name, version]) => [name, canonical(version)]));
  const out = new Map<number, number>();
  for (let p = 1; p < graph.packageCount; p++) {
    const version = wanted.get(graph.names[graph.baseOf[p]]!);
    if (version === undefined) continue;
    const start = graph.versionStart[p]!;
    for (let v = 0, n = versionCount(graph, p); v < n; v++) {
      if (canonical(graph.versions[start + v]!) === version) {
        out.set(p, v);
        break;
      }
    }
  }
  return out;
}
