/**
 * Pipfile.lock (pipenv's pipfile-spec 6): `_meta` with the Pipfile's hash, `pipfile-spec`,
 * `requires` and `sources`; `default` (what [packages] needs) and `develop` (what only the other
 * groups need), each package with its version, hashes, index and markers.
 */
import type { Result } from "../../core/failure/index.js";
import type { LockedStack } from "../../core/lock/index.js";
import { normalizeName } from "../../core/pep508/index.js";
import type { LockContext } from "./lock-context.js";
import { PIPENV_DEFAULT_SOURCE } from "./pipfile.js";
import { fileHashes } from "./requirements-lock.js";
import { isTable } from "./toml-document.js";

/** The Pipfile.lock as an object (what a notebook's `requirements_lock` holds as JSON text). */
export function pipfileLockObject(stack: LockedStack, context: LockContext): Record<string, unknown> {
  const hashed = stack.missingHashes.length === 0;
  const sources = context.pipfile?.sources ?? (context.index === null ? [PIPENV_DEFAULT_SOURCE] : [{ name: context.index.name ?? sourceName(context.index.url), url: context.index.url, verify_ssl: context.index.url.startsWith("https:") }]);
  const indexName = typeof sources[0]?.name === "string" ? sources[0].name : "pypi";
  const entry = (p: LockedStack["packages"][number]) => ({
    hashes: hashed ? fileHashes(p.files) : [],
    index: indexName,
    ...(p.marker !== null ? { markers: p.marker } : {}),
    version: `==${p.version}`,
  });
  const defaults: Record<string, unknown> = {};
  const develop: Record<string, unknown> = {};
  for (const p of stack.packages) (p.groups.includes("default") ? defaults : develop)[p.name] = entry(p);
  return {
    _meta: {
      hash: { sha256: context.pipfile?.hash ?? "" },
      "pipfile-spec": 6,
      requires: context.pipfile?.requires ?? { python_version: context.environment.python_version },
      sources,
    },
    default: defaults,
    develop,
  };
}

/** The Pipfile.lock text as pipenv writes it: 4-space indents, sorted keys, a final newline. */
export function pipfileLock(stack: LockedStack, context: LockContext): string {
  return `${JSON.stringify(sortKeys(pipfileLockObject(stack, context)), null, 4)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isTable(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

/** A source name for an index URL: `pypi` for PyPI, else its host. */
function sourceName(url: string): string {
  try {
    const host = new URL(url).hostname;
    return host === "pypi.org" ? "pypi" : host.replace(/[^A-Za-z0-9_-]/g, "-");
  } catch {
    return "index";
  }
}

/** The pins of a Pipfile.lock (its default and develop sections), for `--locked`. */
export function pipfileLockPins(data: unknown, where: string): Result<Record<string, string>, string> {
  if (!isTable(data) || !isTable(data._meta)) return { ok: false, error: `${where}: _meta: absent (not a Pipfile.lock)` };
  const pins: Record<string, string> = {};
  for (const section of ["default", "develop"]) {
    const table = data[section] ?? {};
    if (!isTable(table)) return { ok: false, error: `${where}: ${section}: expected an object` };
    for (const [name, entry] of Object.entries(table)) {
      const version = isTable(entry) ? entry.version : undefined;
      if (typeof version !== "string" || !/^===?\S+$/.test(version)) return { ok: false, error: `${where}: ${section}.${name}.version: expected "==X.Y", got ${JSON.stringify(version)}` };
      pins[normalizeName(name)] = version.replace(/^===?/, "");
    }
  }
  return { ok: true, value: pins };
}
