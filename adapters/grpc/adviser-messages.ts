/**
 * The Adviser messages as proto-loader hands them over (keepCase, uint64 as decimal strings).
 * Plain data; handlers receive an AdviseCall (advise-request-wire.ts) instead, which the service validates with core.
 */
export interface AdviseRequestWire {
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  readonly index: string;
  readonly python: string;
  readonly platform: string;
  readonly recommendation: string;
  readonly predictor: string;
  readonly budget: string;
  readonly timeout_seconds: number;
  readonly count: number;
  readonly seed: string;
  readonly scores_json: string;
  readonly prescriptions_path: string;
  readonly advisories_path: string;
  readonly extra_indexes: readonly string[];
  readonly prereleases: string;
  readonly offline: boolean;
  /** Weight by objective term (proto map<string, double>). */
  readonly weights: Readonly<Record<string, number>>;
  /** Batches in flight (0: the coordinator's default). */
  readonly in_flight?: number;
  readonly leaf_rollouts?: number;
  readonly python_implementation: string;
  readonly os_name: string;
  readonly os_version: string;
  readonly cuda_version: string;
  readonly cpu_family: string;
  readonly cpu_model: string;
  readonly gpu_model: string;
  readonly base_image: string;
  readonly locked: readonly string[];
}

export interface AdviseProgress {
  readonly advise_id: string;
  readonly stacks_scored: number | string;
  readonly dead_ends: number | string;
  readonly best_score: number;
  readonly has_best_score: boolean;
  readonly stacks_per_second: number;
  readonly elapsed_seconds: number;
}

export interface AdviseFinal {
  readonly advise_id: string;
  /** The report as JSON. */
  readonly report_json: string;
  readonly stacks_scored: number | string;
  readonly best_score: number;
  readonly has_best_score: boolean;
  readonly elapsed_seconds: number;
  readonly products: number;
  readonly gap: number;
  readonly has_gap: boolean;
  readonly warnings: readonly AdviseWarning[];
}

/** A warning of a finished advise; `field` names the AdviseRequest field it is about ("" for none). */
export interface AdviseWarning {
  readonly field: string;
  readonly message: string;
}

export type AdviseEvent =
  | { readonly event: "progress"; readonly progress: AdviseProgress }
  | { readonly event: "final"; readonly final: AdviseFinal };

export type AdviseState = "running" | "done" | "failed" | "cancelled";

export interface AdviseStatus {
  readonly advise_id: string;
  readonly state: AdviseState;
  readonly progress?: AdviseProgress | null;
  readonly final?: AdviseFinal | null;
  readonly error_code?: string;
  readonly error_message?: string;
}

export interface PredictorInfo {
  readonly name: string;
  readonly description: string;
}
