/**
 * The execution of Thoth prescriptions (core/prescription holds their declarations): each unit's
 * `should_include` decided once, then the unit compiled into pipeline units, or the reason it never
 * applies, or the gap that keeps it out.
 */
export { prescriptionGaps, prescriptionUnits, THOTH_JUSTIFICATION_BASE, type PrescriptionUnitsResult } from "./prescription-units.js";
export { compilePrescriptionUnit, type PrescriptionOptions } from "./compile-unit.js";
export type { UnitCompilation } from "./unit-compilation.js";
export { PYPI_SIMPLE } from "./match.js";
export { inclusionEnvironment } from "./inclusion-environment.js";
