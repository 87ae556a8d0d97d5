/** PEP 503 name normalization: lower-case, every run of `-`, `_` and `.` becomes one `-` (packaging's canonicalize_name). */
export function normalizeName(name: string): string {
  let fast = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    // lower-case ASCII letters, digits and single dashes are already normal
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
    if (c === 45 && name.charCodeAt(i + 1) !== 45) continue;
    fast = false;
    break;
  }
  if (fast) return name;
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const VALID_NAME = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i;

/** A valid distribution name per the core metadata spec (ASCII letters and digits, with `.`, `_`, `-` inside). */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}
