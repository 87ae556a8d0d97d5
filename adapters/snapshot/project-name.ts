/** PEP 503 normalization: lower-case, every run of `-`, `_` and `.` becomes one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
