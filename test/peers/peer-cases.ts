/** The resolution cases Maat is compared on against resolvelib and pip (tests and benchmarks). */
export interface PeerCase {
  readonly name: string;
  /** Under ../shared/data. */
  readonly index: string;
  readonly python: string;
  readonly requirements: readonly string[];
  /** Takes resolvelib many seconds: benchmarks only, not tests. */
  readonly hard?: boolean;
}

export const PEER_CASES: readonly PeerCase[] = [
  { name: "chalice", index: "pypi-2020/index/pypi-2020-02-13-chalice.json", python: "3.8", requirements: ["chalice"] },
  { name: "dask[complete]", index: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8", requirements: ["dask[complete]"] },
  { name: "pandas[test]", index: "pypi-2020/index/pypi-2020-02-15-pandas.json", python: "3.8", requirements: ["pandas[test]"] },
  { name: "flask", index: "pypi-graphs/flask-graph.json", python: "3.8", requirements: ["flask"] },
  { name: "tensorflow==2.1.0", index: "pypi-graphs/tf21-graph.json", python: "3.7", requirements: ["tensorflow==2.1.0"] },
  // Backtracking through hundreds of boto3 releases to the last one that allows s3transfer<0.1.
  { name: "boto3 s3transfer<0.1", index: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8", requirements: ["boto3", "s3transfer<0.1"] },
  // Impossible: every boto3 that allows s3transfer<0.1 needs botocore<=1.4.93.
  { name: "boto3 s3transfer<0.1 botocore>1.5", index: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8", requirements: ["boto3", "s3transfer<0.1", "botocore>1.5"], hard: true },
  // The same through s3fs: resolvelib explores every s3fs × boto3 pair (tens of seconds).
  { name: "s3fs s3transfer<0.1 botocore>1.5", index: "pypi-2020/index/pypi-2020-02-13-dask.json", python: "3.8", requirements: ["s3fs", "s3transfer<0.1", "botocore>1.5"], hard: true },
];
