export { advisoryCount, auditedAdvisory, auditLock, fixedVersions, type AuditedAdvisory, type AuditedPackage } from "./lock-audit.js";
export { lockPrescriptionFlags, type PrescriptionEffect, type PrescriptionFlag } from "./lock-prescriptions.js";
export { packageScores, type PackageScore } from "./package-scores.js";
export { stackDiff, type DiffKnowledge, type PackageUpdate } from "./stack-diff.js";
export { moveSpanOf, updateObjective, updateScales, type UpdateScales } from "./update-objective.js";
