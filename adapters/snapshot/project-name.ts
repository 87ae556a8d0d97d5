/** PEP 503 normalization: lower-case, every run of `-`, `_` and `.` becomes one `-` (core's normalizeName). */
export { normalizeName as normalizeProjectName } from "../../core/pep508/index.js";
