import type { PrescriptionUnit } from "../prescription/index.js";
import { additionPrescription } from "./addition.js";
import { bootPrescription } from "./boot.js";
import { groupPrescription } from "./group.js";
import { PYPI_SIMPLE } from "./match.js";
import { pseudonymPrescription } from "./pseudonym.js";
import { sievePrescription } from "./sieve.js";
import { skipSievePrescription, skipStepPrescription } from "./skip.js";
import { stepPrescription } from "./step.js";
import { stridePrescription } from "./stride.js";
import { releaseNotesPrescription, wrapPrescription } from "./wrap.js";
import type { UnitCompilation } from "./unit-compilation.js";

export interface PrescriptionOptions {
  /** The index the request's candidates come from (index_url matches are checked against it). Default PyPI. */
  readonly indexUrl?: string;
}

/** One prescription unit (should_include aside) as pipeline units, or why it never applies, or the gap. */
export function compilePrescriptionUnit(u: PrescriptionUnit, options: PrescriptionOptions = {}): UnitCompilation {
  const index = options.indexUrl ?? PYPI_SIMPLE;
  switch (u.type) {
    case "boot": return bootPrescription(u);
    case "pseudonym": return pseudonymPrescription(u, index);
    case "sieve": return sievePrescription(u, index);
    case "sieve.SkipPackage": return skipSievePrescription(u);
    case "step": return stepPrescription(u, index);
    case "step.SkipPackage": return skipStepPrescription(u, index);
    case "step.AddPackage": return additionPrescription(u, index);
    case "step.Group": return groupPrescription(u, index);
    case "stride": return stridePrescription(u, index);
    case "wrap": return wrapPrescription(u, index);
    case "wrap.GHReleaseNotes": return releaseNotesPrescription(u, index);
  }
}
