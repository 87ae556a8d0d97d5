import type { SieveUnit as SievePrescription } from "../prescription/index.js";
import { applicableMatches, candidateMatches } from "./match.js";
import { toJustification } from "./to-justification.js";
import { compiled, inapplicable, type UnitCompilation } from "./unit-compilation.js";

/** `type: sieve`: removes the candidates any entry matches (a nameless entry: every package); entries on another index are dropped. */
export function sievePrescription(u: SievePrescription, indexUrl: string): UnitCompilation {
  const { matches, never } = applicableMatches(u.match, indexUrl);
  if (matches.length === 0) return inapplicable(never);
  const reason = u.run.log?.message ?? `removed by prescription ${u.name}`;
  return compiled({
    kind: "sieve",
    name: u.name,
    run(name, version) {
      if (!matches.some((m) => candidateMatches(m, name, version))) return { keep: true };
      return { keep: false, reason, justification: u.run.stackInfo.map((e) => toJustification(e, name)) };
    },
  });
}
