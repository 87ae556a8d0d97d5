import { invalidArgument, type Result } from "../failure/index.js";
import { parseVersion } from "../pep440/index.js";
import { isValidName, normalizeName } from "../pep508/index.js";

/** At most this many pins in a lock (hostile input). */
export const MAX_LOCKED = 10_000;

/** A lock's pins with PEP 503 names; a name or version that is not valid is refused naming `locked`. */
export function validateLocked(pins: Readonly<Record<string, string>>): Result<Readonly<Record<string, string>>> {
  const entries = Object.entries(pins);
  if (entries.length > MAX_LOCKED) return refuse(`at most ${MAX_LOCKED} locked packages, got ${entries.length}`);
  const out: Record<string, string> = {};
  for (const [name, version] of entries) {
    if (!isValidName(name)) return refuse(`${JSON.stringify(name)} is not a valid project name`);
    if (typeof version !== "string" || !parseVersion(version).ok) return refuse(`${name}: ${JSON.stringify(version)} is not a PEP 440 version`);
    const key = normalizeName(name);
    if (key in out && out[key] !== version) return refuse(`${key} is locked twice (${out[key]} and ${version})`);
    out[key] = version;
  }
  return { ok: true, value: Object.freeze(out) };
}

function refuse<T>(message: string): Result<T> {
  return { ok: false, error: invalidArgument(message, "locked") };
}
