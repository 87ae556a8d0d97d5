import type { PipelineUnit } from "../pipeline/index.js";

/**
 * What one prescription unit becomes: pipeline units, nothing because it can never apply to the
 * request's candidates (another index, develop installs only; with the reason), or a gap the
 * pipeline does not execute (with the reason).
 */
export type UnitCompilation =
  | { readonly kind: "compiled"; readonly units: readonly PipelineUnit[] }
  | { readonly kind: "inapplicable"; readonly reason: string }
  | { readonly kind: "unsupported"; readonly reason: string };

export const compiled = (...units: PipelineUnit[]): UnitCompilation => ({ kind: "compiled", units });
export const inapplicable = (reason: string): UnitCompilation => ({ kind: "inapplicable", reason });
export const unsupported = (reason: string): UnitCompilation => ({ kind: "unsupported", reason });
