/**
 * The MAAT_* variables `maat serve` and `maat worker` read: the one list the deployment tests
 * check k8s/, helm/ and docs/operations.md against.
 */
/** `advise`: `maat advise --server` and the scaling experiment's Job, clients of a coordinator. */
export type MaatService = "serve" | "worker" | "advise";

export interface MaatVariable {
  readonly name: string;
  /** The flag that wins over it, or null when it has none. */
  readonly flag: string | null;
  /** The services that read it. */
  readonly services: readonly MaatService[];
}

export const MAAT_VARIABLES: readonly MaatVariable[] = [
  { name: "MAAT_LISTEN", flag: "--listen", services: ["serve"] },
  { name: "MAAT_NATS_URL", flag: "--nats", services: ["serve", "worker"] },
  { name: "MAAT_METRICS_LISTEN", flag: "--metrics-listen", services: ["serve", "worker"] },
  { name: "MAAT_MAX_ADVISES", flag: "--max-advises", services: ["serve"] },
  { name: "MAAT_BATCH_SIZE", flag: "--batch-size", services: ["serve"] },
  { name: "MAAT_CHUNK_SIZE", flag: "--chunk-size", services: ["serve"] },
  { name: "MAAT_IN_FLIGHT", flag: "--in-flight", services: ["serve"] },
  { name: "MAAT_LEAF_ROLLOUTS", flag: "--leaf-rollouts", services: ["serve"] },
  { name: "MAAT_DEFAULT_TIMEOUT_SECONDS", flag: "--default-timeout", services: ["serve"] },
  { name: "MAAT_ACK_WAIT_SECONDS", flag: "--ack-wait", services: ["serve", "worker"] },
  { name: "MAAT_GRAPH_EXPIRY_SECONDS", flag: "--graph-expiry", services: ["serve"] },
  { name: "MAAT_STORE", flag: null, services: ["serve"] },
  { name: "MAAT_TLS_CERT", flag: "--tls-cert", services: ["serve"] },
  { name: "MAAT_TLS_KEY", flag: "--tls-key", services: ["serve"] },
  { name: "MAAT_TLS_CLIENT_CA", flag: "--tls-client-ca", services: ["serve"] },
  { name: "MAAT_TOKEN_FILE", flag: "--token-file", services: ["serve"] },
  { name: "MAAT_TLS_CA", flag: "--tls-ca", services: ["advise"] },
  { name: "MAAT_DATA_ROOTS", flag: "--data-root", services: ["serve"] },
  { name: "MAAT_ALLOW_INDEXES", flag: "--allow-index", services: ["serve"] },
  { name: "MAAT_SOURCES", flag: "--source", services: ["serve"] },
  { name: "MAAT_THREADS", flag: "--threads", services: ["worker"] },
  { name: "MAAT_GRAPH_CACHE", flag: "--graph-cache", services: ["worker"] },
  { name: "MAAT_WORKER_ID", flag: "--id", services: ["worker"] },
];

const byName = new Map(MAAT_VARIABLES.map((v) => [v.name, v]));

/** The documented variable of this name, or undefined. */
export function maatVariable(name: string): MaatVariable | undefined {
  return byName.get(name);
}
