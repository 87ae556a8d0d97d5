import type { PrescriptionUnit } from "../prescription/index.js";
import { additionPrescription } from "./prescription-addition.js";
import { bootPrescription } from "./prescription-boot.js";
import { groupPrescription } from "./prescription-group.js";
import { PYPI_SIMPLE } from "./prescription-match.js";
import { pseudonymPrescription } from "./prescription-pseudonym.js";
import { sievePrescription } from "./prescription-sieve.js";
import { skipSievePrescription, skipStepPrescription } from "./prescription-skip.js";
import { stepPrescription } from "./prescription-step.js";
import { stridePrescription } from "./prescription-stride.js";
import { releaseNotesPrescription, wrapPrescription } from "./prescription-wrap.js";
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
