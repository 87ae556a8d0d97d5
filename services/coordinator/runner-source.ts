import type { CompiledGraph } from "../../core/graph/index.js";
import type { RunnerOpening } from "../compose/advise-job.js";

/** Where a coordinator's advises run their rollouts: a local thread pool, or the cluster over NATS. */
export interface RunnerSource {
  /** `standalone` or `nats <url>`, for the ready line. */
  readonly description: string;
  /** A runner for one advise's graph; `deadline` on the coordinator's clock (performance.now()). */
  open(adviseId: string, graph: CompiledGraph, limits: { readonly deadline: number | null }): Promise<RunnerOpening>;
  /** Calls `listener` when the rollouts become reachable or unreachable (NATS up or down); returns the unsubscribe function. None: always reachable. */
  onAvailability?(listener: (available: boolean) => void): () => void;
  /** Releases the pool or the connection (after every advise has ended). */
  close(): Promise<void>;
}
