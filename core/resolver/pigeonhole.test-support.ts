import type { GraphInput } from "../graph/build.js";

/** PHP(n+1, n): pigeon qi's version j needs hole hj at version i; no stack exists and PubGrub needs many conflicts to prove it. */
export function pigeonhole(holes: number): GraphInput {
  const pigeons = holes + 1;
  const dep = (target: string, allowed: string[]) => ({ target, allowed, spec: `${target}==${allowed.join("|")}` });
  return {
    root: Array.from({ length: pigeons }, (_, i) => dep(`q${i}`, Array.from({ length: holes }, (_, j) => `${holes - j}`))),
    packages: [
      ...Array.from({ length: holes }, (_, j) => ({ name: `h${j}`, versions: Array.from({ length: pigeons }, (_, i) => ({ version: `${pigeons - i}`, deps: [] })) })),
      ...Array.from({ length: pigeons }, (_, i) => ({
        name: `q${i}`,
        versions: Array.from({ length: holes }, (_, j) => ({ version: `${holes - j}`, deps: [dep(`h${holes - 1 - j}`, [`${i + 1}`])] })),
      })),
    ],
  };
}
