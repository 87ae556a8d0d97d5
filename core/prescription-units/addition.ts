import { normalizeName } from "../pep508/index.js";
import type { AddPackageStepUnit } from "../prescription/index.js";
import { applicableMatches, candidateMatches, indexHolds } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { AdditionUnit } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

/**
 * `type: step.AddPackage`: the matched candidates depend on `name==locked` as well (an edge in the
 * compiled graph). Thoth added the package only when the state did not hold it yet; here a stack
 * holding another version of it is a conflict. A package to add from another index, or as a
 * develop install, is inapplicable; state conditions are a named gap.
 */
export function additionPrescription(u: AddPackageStepUnit, indexUrl: string): UnitCompilation {
  const add = u.run.packageVersion;
  if (!indexHolds({ negated: false, url: add.indexUrl }, indexUrl)) return inapplicable(`adds a package from ${add.indexUrl}`);
  if (add.develop) return inapplicable("adds a develop install");
  const stateful = u.match.some((m) => m.state !== undefined && ((m.state.resolvedDependencies ?? []).length > 0 || m.state.packageVersionFrom !== undefined));
  if (stateful) return unsupported("step.AddPackage with a state condition");
  const { matches, never } = applicableMatches(u.match, indexUrl);
  if (matches.length === 0) return inapplicable(never);
  const requirement = `${normalizeName(add.name)}${add.lockedVersion}`;
  const unit: AdditionUnit = {
    kind: "step", scope: "addition", name: u.name,
    run(name, version) {
      if (!matches.some((m) => candidateMatches(m, name, version))) return undefined;
      return { requirements: [requirement], justification: u.run.stackInfo.map((e) => toJustification(e, name)) };
    },
  };
  return compiled(unit);
}
