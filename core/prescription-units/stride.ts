import type { StrideUnit as StridePrescription } from "../prescription/index.js";
import { isNever, namedMatch } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { PackageMatch, Stack, StrideDecision, StrideUnit } from "../pipeline/index.js";
import { versionMatches } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

const holds = (when: readonly PackageMatch[], stack: Stack): boolean =>
  when.every((w) => stack[w.name] !== undefined && versionMatches(stack[w.name], w.version));

/**
 * `type: stride`: on a stack holding every resolved dependency of an entry, rejects it with
 * not_acceptable, or accepts it with its stack info (and eager stop). One declarative stride per
 * match entry (`Name[i]` with several), so the search checks it too.
 */
export function stridePrescription(u: StridePrescription, indexUrl: string): UnitCompilation {
  const justification = u.run.stackInfo.map((e) => toJustification(e));
  const decision: StrideDecision = u.run.notAcceptable !== undefined
    ? { accept: false, reason: u.run.notAcceptable, justification }
    : { accept: true, justification, ...(u.run.eagerStopPipeline !== undefined ? { eagerStop: u.run.eagerStopPipeline } : {}) };
  const out: StrideUnit[] = [];
  let never = "no match entry";
  for (let i = 0; i < u.match.length; i++) {
    const when: PackageMatch[] = [];
    let possible = true;
    for (const r of u.match[i].state.resolvedDependencies) {
      const c = namedMatch(r, indexUrl);
      if (c === undefined) return unsupported("a stride resolved dependency without a name");
      if (isNever(c)) {
        never = c.never;
        possible = false;
        break;
      }
      when.push(c);
    }
    if (!possible) continue;
    if (when.length === 0) return unsupported("a stride without resolved dependencies");
    out.push({
      kind: "stride", name: u.match.length === 1 ? u.name : `${u.name}[${i}]`,
      run: (stack) => (holds(when, stack) ? decision : { accept: true }),
      declarative: { when, decision },
    });
  }
  return out.length === 0 ? inapplicable(never) : compiled(...out);
}
