/**
 * The files users already have: project files in (pyproject.toml, Pipfile, notebooks,
 * requirements.txt, Thoth's .thoth.yaml), lock files out and back (pylock.toml, requirements.txt,
 * Pipfile.lock, a notebook's metadata).
 */
export { readRequirementsFile, type RequirementsFile, type RequirementsRead, type SourcedLine } from "./requirements-file.js";
export { NO_GROUPS, type GroupSelection, type PipfileMeta, type ProjectFile, type ProjectFileKind, type ProjectIndex, type ProjectRequirement } from "./project-file.js";
export { findProjectFile, isLockFileName, looksLikeProjectFile, readProjectFile, readText } from "./read-project-file.js";
export { readPyproject } from "./pyproject-file.js";
export { PIPENV_DEFAULT_SOURCE, readPipfile } from "./pipfile.js";
export { parseNotebook, readNotebook, metadataObject, type Notebook } from "./notebook-file.js";
export { readThothConfig, runtimeEnvironmentNamed, thothConfigFromData, type ThothConfig, type ThothRuntimeEnvironment } from "./thoth-config.js";
export { environmentMarker, type LockContext } from "./lock-context.js";
export { lockFormatOf, lockText, readLockedPins, writeLockFile, type LockFormat } from "./lock-file.js";
export { pylockToml, PYLOCK_NAME } from "./pylock-toml.js";
export { requirementsLock } from "./requirements-lock.js";
export { pipfileLock, pipfileLockObject } from "./pipfile-lock.js";
export { pythonJsonDumps } from "./python-json.js";
