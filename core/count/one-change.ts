import { ROOT, type CompiledGraph } from "../graph/index.js";
import { parseVersion, versionKey } from "../pep440/index.js";
import { pinnedPackages } from "../report/index.js";
import { createState, isAllowed, nextAllowed, nextUnresolved, pin, PIN_OK } from "../state/state.js";

type Packages = Readonly<Record<string, string>>;

const keyOf = (version: string): string => {
  const v = parseVersion(version);
  return v.ok ? versionKey(v.value) : `?${version}`;
};

/** The version index of `version` among package p's versions (the same text, else the same PEP 440 version: `2.10` is `2.10.0`), or -1. */
function versionIndex(graph: CompiledGraph, p: number, version: string): number {
  for (let i = graph.versionStart[p]; i < graph.versionStart[p + 1]; i++) if (graph.versions[i] === version) return i - graph.versionStart[p];
  const key = keyOf(version);
  for (let i = graph.versionStart[p]; i < graph.versionStart[p + 1]; i++) if (keyOf(graph.versions[i]!) === key) return i - graph.versionStart[p];
  return -1;
}

/**
 * The pins of the final state whose installed packages are exactly `stack` (name to version), by
 * pinning each required package to the stack's version (extras follow their package), or null
 * when the stack is not one of the graph's stacks (a version not allowed, a requirement missed,
 * a package nothing requires).
 */
export function replayStack(graph: CompiledGraph, stack: Packages): Int32Array | null {
  const st = createState(graph);
  if (st.deadEnd >= 0) return null;
  for (let p = nextUnresolved(st, 0); p >= 0; p = nextUnresolved(st, 0)) {
    if (p === ROOT) {
      if (pin(st, p, nextAllowed(st, p, 0)) !== PIN_OK) return null;
      continue;
    }
    const version = stack[graph.names[graph.baseOf[p]]];
    if (version === undefined) return null;
    const v = versionIndex(graph, p, version);
    if (v < 0 || !isAllowed(st, p, v) || pin(st, p, v) !== PIN_OK) return null;
  }
  const packages = pinnedPackages(graph, st.pins);
  const names = Object.keys(stack);
  if (Object.keys(packages).length !== names.length || names.some((n) => packages[n] === undefined || keyOf(packages[n]) !== keyOf(stack[n]!))) return null;
  return st.pins.slice();
}

/**
 * Every stack of the graph that differs from `base` in exactly one package's version (the same
 * packages, every other version kept), by package name then the graph's version order (newest
 * first). `base` itself need not be a stack of the graph.
 */
export function oneChangeStacks(graph: CompiledGraph, base: Packages): Packages[] {
  const out: Packages[] = [];
  for (const name of Object.keys(base).sort()) {
    const p = graph.names.indexOf(name);
    if (p < 0 || graph.baseOf[p] !== p) continue;
    for (let i = graph.versionStart[p]; i < graph.versionStart[p + 1]; i++) {
      const version = graph.versions[i]!;
      if (version === base[name]) continue;
      const stack = { ...base, [name]: version };
      if (replayStack(graph, stack) !== null) out.push(stack);
    }
  }
  return out;
}
