import type { Justification } from "../justification/index.js";
import { declarativeStrideSteps } from "./declarative-stride-steps.js";
import type { StopRequest } from "./pipeline.js";
import type {
  AdditionUnit, PipelineUnit, PseudonymUnit, RequestContext, SieveUnit, SkipUnit, StateStepUnit, StaticStepUnit, StrideUnit, WrapUnit,
} from "./unit.js";

/** A pipeline's units sorted by kind, in run order within each, with what the boot units said. */
export interface UnitKinds {
  readonly sieves: readonly SieveUnit[];
  readonly skips: readonly SkipUnit[];
  readonly additions: readonly AdditionUnit[];
  readonly staticSteps: readonly StaticStepUnit[];
  /** State steps, and each declarative stride as state steps (one data path for judgeStack and the search). */
  readonly stateSteps: readonly StateStepUnit[];
  /** Strides that are functions only: judgeStack runs them, the search cannot. */
  readonly opaqueStrides: readonly StrideUnit[];
  readonly wraps: readonly WrapUnit[];
  readonly pseudonyms: readonly PseudonymUnit[];
  /** The boot units' stack info. */
  readonly bootInfo: readonly Justification[];
  /** The first boot unit that refused the request. */
  readonly refused?: { readonly unit: string; readonly reason: string };
  /** The first boot unit that asked for an eager stop. */
  readonly bootStop?: StopRequest;
}

/** Reads the unit list once: sorts the units by kind and runs the boot units. Two units with one name are a bug (RangeError). */
export function sortUnits(units: readonly PipelineUnit[], request: RequestContext): UnitKinds {
  const sieves: SieveUnit[] = [];
  const skips: SkipUnit[] = [];
  const additions: AdditionUnit[] = [];
  const staticSteps: StaticStepUnit[] = [];
  const stateSteps: StateStepUnit[] = [];
  const strides: StrideUnit[] = [];
  const wraps: WrapUnit[] = [];
  const pseudonyms: PseudonymUnit[] = [];
  const bootInfo: Justification[] = [];
  let refused: { unit: string; reason: string } | undefined;
  let bootStop: StopRequest | undefined;
  const names = new Set<string>();
  for (const u of units) {
    if (names.has(u.name)) throw new RangeError(`pipeline: two units are named ${JSON.stringify(u.name)}`);
    names.add(u.name);
    switch (u.kind) {
      case "boot": {
        const r = u.run(request);
        bootInfo.push(...r.stackInfo);
        if (!r.ok && refused === undefined) refused = { unit: u.name, reason: r.reason };
        if (r.ok && r.eagerStop !== undefined && bootStop === undefined) bootStop = { unit: u.name, reason: r.eagerStop };
        break;
      }
      case "pseudonym": pseudonyms.push(u); break;
      case "sieve": sieves.push(u); break;
      case "step":
        if (u.scope === "candidate") staticSteps.push(u);
        else if (u.scope === "state") stateSteps.push(u);
        else if (u.scope === "addition") additions.push(u);
        else skips.push(u);
        break;
      case "stride": strides.push(u); break;
      case "wrap": wraps.push(u); break;
    }
  }
  for (const s of strides) stateSteps.push(...declarativeStrideSteps(s));
  return {
    sieves, skips, additions, staticSteps, stateSteps, opaqueStrides: strides.filter((s) => s.declarative === undefined), wraps, pseudonyms, bootInfo,
    ...(refused !== undefined ? { refused } : {}), ...(bootStop !== undefined ? { bootStop } : {}),
  };
}
