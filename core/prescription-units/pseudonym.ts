import { normalizeName } from "../pep508/index.js";
import type { PseudonymUnit as PseudonymPrescription } from "../prescription/index.js";
import { applicableMatches, candidateMatches, indexHolds } from "./match.js";
import { toJustification } from "./to-justification.js";
import type { PseudonymUnit } from "../pipeline/index.js";
import { compiled, inapplicable, unsupported, type UnitCompilation } from "./unit-compilation.js";

/**
 * `type: pseudonym`: offers the yielded package (at the matched version with
 * `yield_matched_version`, else at its locked version, else any) as an alternative to the matched
 * candidates. The compiler does not consume alternatives: judgeStack reports them.
 */
export function pseudonymPrescription(u: PseudonymPrescription, indexUrl: string): UnitCompilation {
  const y = u.run.yield;
  if (y.packageVersion.name === null) return unsupported("pseudonym yielding a package without a name");
  if (y.packageVersion.indexUrl != null && !indexHolds({ negated: false, url: y.packageVersion.indexUrl }, indexUrl)) {
    return inapplicable(`yields a package from ${y.packageVersion.indexUrl}`);
  }
  if (y.packageVersion.develop === true) return inapplicable("yields a develop install");
  const { matches, never } = applicableMatches(u.match, indexUrl);
  if (matches.length === 0) return inapplicable(never);
  const alternative = normalizeName(y.packageVersion.name);
  const locked = y.packageVersion.lockedVersion?.replace(/^===?/, "");
  const unit: PseudonymUnit = {
    kind: "pseudonym", name: u.name,
    run(name, version) {
      if (!matches.some((m) => candidateMatches(m, name, version))) return [];
      const at = y.yieldMatchedVersion ? version : locked ?? undefined;
      return [{ name: alternative, ...(at !== undefined ? { version: at } : {}), justification: u.run.stackInfo.map((e) => toJustification(e, name)) }];
    },
  };
  return compiled(unit);
}
