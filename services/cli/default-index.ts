/** The index a request without `--index` (or an index URL in its `-r` file) uses: PyPI's simple API. */
export const DEFAULT_INDEX = "https://pypi.org/simple";

/** What the CLI says on stderr when it falls back to PyPI, so a user knows where the answer came from. */
export function defaultIndexNote(offline: boolean, storePath: string): string {
  return offline
    ? `note: no --index given: answering from the knowledge store ${storePath} (what it keeps of ${DEFAULT_INDEX}; --offline)`
    : `note: no --index given: using ${DEFAULT_INDEX} (PyPI's simple API), kept in the knowledge store ${storePath}`;
}

/** The hint after a failure to reach PyPI or to find a project in the store, when no --index was given. */
export function defaultIndexHint(offline: boolean): string {
  const instead = "pass --index FILE with a snapshot (the repository ships examples/flask/flask-graph.json) or --index URL of an index you can reach";
  return offline ? `hint: the knowledge store has only what earlier online runs fetched; ${instead}, or run once without --offline` : `hint: ${instead}, or --offline to answer from the knowledge store`;
}
