export { parseVersion, formatVersion, isCanonicalRelease, isPrerelease, isPostrelease, makeVersion, type Version } from "./version.js";
export { compareVersions, versionKey, publicVersionKey } from "./version-key.js";
export {
  parseSpecifier,
  specifierContains,
  specifierMatches,
  formatSpecifier,
  type Specifier,
  type SpecifierOperator,
  type SpecifierPlan,
} from "./specifier.js";
export {
  parseSpecifierSet,
  makeSpecifierSet,
  formatSpecifierSet,
  specifierSetContains,
  filterVersions,
  type SpecifierSet,
} from "./specifier-set.js";
