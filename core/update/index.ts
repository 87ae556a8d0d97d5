export { advisoryCount, auditedAdvisory, auditLock, fixedVersions, type AuditedAdvisory, type AuditedPackage } from "./lock-audit.js";
export { stackDiff, type PackageUpdate } from "./stack-diff.js";
export { updateObjective, updateScales, type UpdateScales } from "./update-objective.js";
