import type { GroupStepUnit } from "../prescription/index.js";
import { isNever, namedMatch } from "./match.js";
import { stepResult } from "./step.js";
import type { PackageMatch, PipelineUnit } from "../pipeline/index.js";
import { compiled, inapplicable, type UnitCompilation } from "./unit-compilation.js";

/**
 * `type: step.Group`, as Thoth builds it: per group entry, one state step per member matching that
 * member with the other members resolved (`Name#j`, or `Name[i]#j` with several entries). The
 * steps of one entry share a group, so a stack holding every member gets the result once. A
 * group with a member on another index never holds and is dropped.
 */
export function groupPrescription(u: GroupStepUnit, indexUrl: string): UnitCompilation {
  const out: PipelineUnit[] = [];
  let never = "no group entry";
  for (let i = 0; i < u.match.length; i++) {
    const base = u.match.length === 1 ? u.name : `${u.name}[${i}]`;
    const members: PackageMatch[] = [];
    for (const m of u.match[i].group) {
      const c = namedMatch(m.packageVersion, indexUrl);
      if (c === undefined) throw new Error(`bug: the model requires a name on step.Group members (${u.name})`);
      if (isNever(c)) {
        never = `a member on ${c.never}`;
        members.length = 0;
        break;
      }
      members.push(c);
    }
    members.forEach((member, j) => {
      const resolved = members.filter((_, k) => k !== j);
      out.push({ kind: "step", scope: "state", name: `${base}#${j}`, term: "prescriptions", match: member, resolved, result: stepResult(u.run, member.name), group: base });
    });
  }
  return out.length === 0 ? inapplicable(never) : compiled(...out);
}
