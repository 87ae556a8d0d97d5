/**
 * A stack as a lock file holds it (glossary: locked stack): per locked package its version, when
 * it is needed (a marker), which groups need it, what requires it and its files with their hashes.
 * The formats that write it (pylock.toml, requirements.txt, Pipfile.lock) are adapters/formats'.
 */
export { hasSecureHash, lockStack, SECURE_HASHES, type LockedPackage, type LockedStack, type LockFile, type LockInput, type LockPackageData, type LockRoot } from "./locked-stack.js";
export { dnfText, markerDnf, type MarkerDnf } from "./marker-dnf.js";
