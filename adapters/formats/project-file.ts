/**
 * What Maat reads from the files users already have (pyproject.toml, Pipfile, a notebook's
 * metadata, requirements.txt): the requirements they state, grouped, with the indexes, the Python
 * version they name and what a lock of them records.
 */

/** One root requirement of a project file, with the group it belongs to and where it stands. */
export interface ProjectRequirement {
  /** PEP 508, checked. */
  readonly text: string;
  /** `default` (the project's own dependencies, a Pipfile's [packages]), `dev`, a dependency group, or `extra:NAME`. */
  readonly group: string;
  /** Where it is written, for messages and `# via`: `pyproject.toml [project] dependencies`. */
  readonly source: string;
}

/** An index a project file names. */
export interface ProjectIndex {
  readonly name: string | null;
  readonly url: string;
  readonly verifySsl: boolean;
}

/** What a Pipfile.lock of this project records in `_meta`. */
export interface PipfileMeta {
  /** sha256 of the Pipfile as pipenv computes it (`_meta.hash.sha256`). */
  readonly hash: string;
  /** `[[source]]` as written (pipenv's default PyPI source when there is none). */
  readonly sources: readonly Readonly<Record<string, unknown>>[];
  /** `[requires]` as written. */
  readonly requires: Readonly<Record<string, unknown>>;
}

export type ProjectFileKind = "pyproject" | "pipfile" | "notebook" | "requirements";

export interface ProjectFile {
  readonly kind: ProjectFileKind;
  readonly path: string;
  /** `[project] name` (PEP 503 normalized), or null. */
  readonly name: string | null;
  /** The selected groups' requirements, in file order, default first. */
  readonly requirements: readonly ProjectRequirement[];
  readonly constraints: readonly string[];
  readonly indexes: readonly ProjectIndex[];
  /** Prereleases allowed (`--pre`, a Pipfile's `allow_prereleases`). */
  readonly pre: boolean;
  /** The Python version the file names: a Pipfile's `[requires] python_full_version` or `python_version`, a notebook's kernel. */
  readonly python: string | null;
  /** `[project] requires-python`: a check of the target Python. */
  readonly requiresPython: string | null;
  /** For a Pipfile (or a notebook's): what its Pipfile.lock records. */
  readonly pipfile: PipfileMeta | null;
  /** The groups the file has besides `default` (dev, dependency groups, `extra:NAME`), for lock files and messages. */
  readonly groups: readonly string[];
}

/** Which of a project file's groups to take: always the default ones, plus these. */
export interface GroupSelection {
  readonly extras: readonly string[];
  readonly allExtras: boolean;
  readonly groups: readonly string[];
  readonly dev: boolean;
}

export const NO_GROUPS: GroupSelection = Object.freeze({ extras: [], allExtras: false, groups: [], dev: false });
