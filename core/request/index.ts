/**
 * The resolve request (glossary): requirements, constraints, indexes, target and prerelease policy,
 * validated once into a typed value; the advise request (core/advise) extends it.
 */
export { REQUEST_DEFAULTS, validateResolveRequest, type ResolveRequest, type ResolveRequestInput } from "./resolve-request.js";
export { indexesFailure, isIndexUrl } from "./indexes.js";
export { parsePlatform } from "./platform.js";
export { prereleasePolicy } from "./prereleases.js";
