/**
 * The resolve request (glossary): requirements, constraints, indexes, target and prerelease policy,
 * validated once into a typed value; the advise request (core/advise) extends it.
 */
export { REQUEST_DEFAULTS, validateResolveRequest, type ResolveRequest, type ResolveRequestInput } from "./resolve-request.js";
export { compileRequestOf, type RequestCompilation } from "./compile-request.js";
export { indexesFailure, isIndexUrl } from "./indexes.js";
export { MAX_LOCKED, validateLocked } from "./locked.js";
export { parsePlatform, platformTag } from "./platform.js";
export { prereleasePolicy } from "./prereleases.js";
export { validateRuntimeEnvironment, type RuntimeEnvironmentInput, type RuntimeParts } from "./runtime-environment.js";
