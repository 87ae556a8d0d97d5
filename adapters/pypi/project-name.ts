import { normalizeName } from "../../core/pep508/index.js";

/** PEP 503 normalization (core's `normalizeName`): lower case, runs of `-`, `_`, `.` become one `-`. */
export const normalizeProjectName: (name: string) => string = normalizeName;
