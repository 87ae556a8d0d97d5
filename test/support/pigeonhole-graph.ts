/**
 * A conflict-heavy graph file for `maat --index`: the pigeonhole principle PHP(n+1, n) as
 * packages. `app` needs pigeons q0..qn; pigeon qi's version j puts it in hole j (it needs
 * `hj==i`), and hole hj has one version per pigeon, so two pigeons never share a hole. No stack
 * exists, and PubGrub (resolution-based learning) takes time exponential in n to prove it.
 * Deterministic: the same n gives the same file.
 */
export interface PigeonholeGraph {
  /** The graph in the index file format (package -> version -> dependencies). */
  readonly graph: Record<string, Record<string, { readonly dependencies: readonly string[] }>>;
  /** The one requirement to ask for. */
  readonly requirement: string;
}

export function pigeonholeGraph(holes: number): PigeonholeGraph {
  const pigeons = holes + 1;
  const graph: Record<string, Record<string, { dependencies: string[] }>> = {};
  graph.app = { "1.0": { dependencies: Array.from({ length: pigeons }, (_, i) => `q${i}`) } };
  for (let j = 0; j < holes; j++) {
    graph[`h${j}`] = Object.fromEntries(Array.from({ length: pigeons }, (_, i) => [`${i + 1}.0`, { dependencies: [] }]));
  }
  for (let i = 0; i < pigeons; i++) {
    graph[`q${i}`] = Object.fromEntries(Array.from({ length: holes }, (_, j) => [`${j + 1}.0`, { dependencies: [`h${j}==${i + 1}.0`] }]));
  }
  return { graph, requirement: "app" };
}
