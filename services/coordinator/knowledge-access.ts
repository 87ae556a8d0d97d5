import { realpathSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { AdviseCall } from "../../adapters/grpc/index.js";
import { failure, type Failure, type Result } from "../../core/failure/index.js";
import { isIndexUrl } from "../../core/request/index.js";
import { indexUrlKey } from "./security-config.js";

/** Admits or refuses the files and index URLs an Advise call names, before anything is read. */
export type KnowledgeAccess = (call: AdviseCall) => Result<AdviseCall>;

/**
 * The coordinator reads knowledge only where its operator allows (issue 15 item 2): a request's
 * `index` (a snapshot path), `advisories_path` and `prescriptions_path` must resolve, symlinks
 * followed, inside one of `dataRoots` (each resolved once, here); anything else is
 * PERMISSION_DENIED with the same words whether the path exists or not, so a refusal tells nothing
 * about the host's files. The admitted call carries the resolved paths, so what is read is what
 * was checked (a symlink swapped afterwards does not move it). Index URLs must be one of
 * `allowIndexes` (compared without trailing slashes). `@NAME` stands for the operator's named
 * source NAME (a path or an index URL, admitted as the operator chose it); an unknown name is
 * NOT_FOUND.
 */
export function knowledgeAccess(dataRoots: readonly string[], allowIndexes: readonly string[], sources: ReadonlyMap<string, string> = new Map()): KnowledgeAccess {
  const roots = dataRoots.flatMap((root) => {
    try {
      return [realpathSync(root)];
    } catch {
      return []; // A root that does not exist admits nothing (run-serve warns about it).
    }
  });
  const allowed = new Set(allowIndexes);
  const rootsText = roots.length === 0 ? "this coordinator has no data root (--data-root, MAAT_DATA_ROOTS), so requests may name no files" : "it is not inside a data root of this coordinator (--data-root)";
  const deniedPath = (field: string): Failure => failure("permission-denied", `refused: ${rootsText}; ask its operator which sources it serves`, field);
  const inside = (path: string): string | null => {
    let real: string;
    try {
      real = realpathSync(resolve("/", path));
    } catch {
      return null;
    }
    return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) ? real : null;
  };
  const unknownSource = (name: string, field: string): Failure =>
    failure("not-found", `no knowledge source named ${JSON.stringify(name)}; ListKnowledge lists them`, field);
  return (call) => {
    const { input } = call;
    const indexes: string[] = [];
    for (const given of input.indexes ?? []) {
      if (given.startsWith("@")) {
        const source = sources.get(given.slice(1));
        if (source === undefined) return { ok: false, error: unknownSource(given.slice(1), "indexes") };
        indexes.push(source);
        continue;
      }
      const index = given;
      if (isIndexUrl(index)) {
        const key = indexUrlKey(index);
        if (key === null || !allowed.has(key)) {
          return { ok: false, error: failure("permission-denied", `refused: ${JSON.stringify(index)} is not an index this coordinator allows (--allow-index: ${[...allowed].join(", ")})`, "indexes") };
        }
        indexes.push(index);
      } else {
        const real = inside(index);
        if (real === null) return { ok: false, error: deniedPath("indexes") };
        indexes.push(real);
      }
    }
    const paths: { advisoriesPath?: string; prescriptionsPath?: string } = {};
    for (const field of ["advisoriesPath", "prescriptionsPath"] as const) {
      const given = input[field];
      if (given === undefined) continue;
      if (given.startsWith("@")) {
        const source = sources.get(given.slice(1));
        if (source === undefined || /^https?:\/\//.test(source)) return { ok: false, error: unknownSource(given.slice(1), field) };
        paths[field] = source;
        continue;
      }
      const real = inside(given);
      if (real === null) return { ok: false, error: deniedPath(field) };
      paths[field] = real;
    }
    return { ok: true, value: { ...call, input: { ...input, indexes, ...paths } } };
  };
}
