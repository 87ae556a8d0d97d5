import { type CompiledGraph, ROOT } from "../graph/compiled-graph.js";

/** `pin` and `propagateUnits` return PIN_OK or the package whose allowed versions became empty. */
export const PIN_OK = -1;

/**
 * A partial resolution over one compiled graph (see the glossary: state, action, dead end).
 *
 * Every array is allocated once by `createState`; `pin`, `undoTo`, `propagateUnits` and
 * `copyInto` allocate nothing. Read the public fields freely, change them only through the
 * functions of this module.
 */
export interface State {
  readonly graph: CompiledGraph;
  /** Per package: the pinned version index, or -1. */
  readonly pins: Int32Array;
  /** Allowed versions of every package: the bitset of package p is domain[domainOffset[p] .. domainOffset[p+1]). */
  readonly domain: Uint32Array;
  /** Per package (length packageCount + 1): offset of its bitset in `domain`. */
  readonly domainOffset: Int32Array;
  /** Per package: how many pinned candidates depend on it (the root counts 1 for the request). Required iff > 0. */
  readonly requiredBy: Int32Array;
  /** Sum of graph.score over the pinned candidates, added in pin order from 0 (so equal states have equal scores, whatever came before). */
  score: number;
  /** Number of required packages that are not pinned. */
  unresolvedCount: number;
  /** The package whose allowed versions became empty, or -1. */
  deadEnd: number;
  /** Number of pins; a mark for `undoTo`. */
  depth: number;
  /** Packages in pin order (first `depth` entries). */
  readonly pinOrder: Int32Array;
  /** @internal trail of changed domain words: index and previous value. */
  readonly trailIndex: Int32Array;
  /** @internal */
  readonly trailValue: Uint32Array;
  /** @internal */
  trailLength: number;
  /** @internal trail length before each pin. */
  readonly trailAtPin: Int32Array;
  /** @internal score before each pin: undoing restores it exactly (subtracting would leave rounding). */
  readonly scoreAtPin: Float64Array;
  /** @internal packages that may have exactly one allowed version (for unit propagation). */
  readonly pending: Int32Array;
  /** @internal */
  pendingLength: number;
}

/** A fresh state over `graph`: nothing pinned, only the root required. */
export function createState(graph: CompiledGraph): State {
  const P = graph.packageCount;
  const domainOffset = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) domainOffset[p + 1] = domainOffset[p] + graph.maskWords[p];
  let edges = 0;
  for (let c = 0; c < graph.candidateCount; c++) edges = Math.max(edges, graph.edgeStart[c + 1] - graph.edgeStart[c]);
  const state: State = {
    graph,
    pins: new Int32Array(P),
    domain: new Uint32Array(domainOffset[P]),
    domainOffset,
    requiredBy: new Int32Array(P),
    score: 0,
    unresolvedCount: 0,
    deadEnd: -1,
    depth: 0,
    pinOrder: new Int32Array(P),
    // Every trail entry removes at least one version that is not restored yet: candidateCount bounds it.
    trailIndex: new Int32Array(graph.candidateCount + P + 1),
    trailValue: new Uint32Array(graph.candidateCount + P + 1),
    trailLength: 0,
    trailAtPin: new Int32Array(P + 1),
    scoreAtPin: new Float64Array(P + 1),
    pending: new Int32Array(P * (edges + 2) + 1),
    pendingLength: 0,
  };
  reset(state);
  return state;
}

/** Back to the initial state: initial domains, nothing pinned, the root required and unresolved. */
export function reset(state: State): void {
  const g = state.graph;
  const P = g.packageCount;
  state.pins.fill(-1);
  state.requiredBy.fill(0);
  for (let p = 0; p < P; p++) {
    const o = state.domainOffset[p];
    const w = g.maskWords[p];
    state.domain.set(g.masks.subarray(g.domainMask[p], g.domainMask[p] + w), o);
  }
  state.requiredBy[ROOT] = 1;
  state.score = 0;
  state.unresolvedCount = 1;
  state.deadEnd = popcount(state, ROOT) === 0 ? ROOT : -1;
  state.depth = 0;
  state.trailLength = 0;
  state.pendingLength = 0;
}

export function isRequired(state: State, p: number): boolean {
  return state.requiredBy[p] > 0;
}

export function isUnresolved(state: State, p: number): boolean {
  return state.requiredBy[p] > 0 && state.pins[p] < 0;
}

/** Nothing unresolved and no dead end: a stack. */
export function isFinal(state: State): boolean {
  return state.unresolvedCount === 0 && state.deadEnd < 0;
}

/** The first unresolved package with index >= from, or -1. Iterate with `for (let p = nextUnresolved(s, 0); p >= 0; p = nextUnresolved(s, p + 1))`. */
export function nextUnresolved(state: State, from: number): number {
  const P = state.graph.packageCount;
  for (let p = from; p < P; p++) if (state.requiredBy[p] > 0 && state.pins[p] < 0) return p;
  return -1;
}

/** The unresolved packages (allocates; for tests and reports). */
export function unresolvedPackages(state: State): number[] {
  const out: number[] = [];
  for (let p = nextUnresolved(state, 0); p >= 0; p = nextUnresolved(state, p + 1)) out.push(p);
  return out;
}

/** Whether version index v of package p is allowed. */
export function isAllowed(state: State, p: number, v: number): boolean {
  return (state.domain[state.domainOffset[p] + (v >>> 5)] & (1 << (v & 31))) !== 0;
}

/** Number of allowed versions of p. */
export function popcount(state: State, p: number): number {
  let n = 0;
  for (let i = state.domainOffset[p], end = state.domainOffset[p + 1]; i < end; i++) n += bitCount(state.domain[i]);
  return n;
}

/** The newest allowed version index of p at or after `from`, or -1. */
export function nextAllowed(state: State, p: number, from: number): number {
  const o = state.domainOffset[p];
  const words = state.domainOffset[p + 1] - o;
  for (let w = from >>> 5; w < words; w++) {
    let word = state.domain[o + w];
    if (w === from >>> 5) word &= ~0 << (from & 31);
    if (word !== 0) return (w << 5) + (31 - Math.clz32(word & -word));
  }
  return -1;
}

/**
 * The action: pin version index v of package p and narrow the allowed versions of every package
 * the candidate depends on. Returns PIN_OK, or the package whose allowed versions became empty
 * (the state is then a dead end until undone). Throws when the action is invalid (p not
 * required or already pinned, v not allowed, or the state already a dead end): a bug of the caller.
 */
export function pin(state: State, p: number, v: number): number {
  const g = state.graph;
  if (state.deadEnd >= 0) throw new Error(`pin: state is a dead end at ${g.names[state.deadEnd]}`);
  if (state.pins[p] >= 0) throw new Error(`pin: ${g.names[p]} is already pinned`);
  if (state.requiredBy[p] === 0) throw new Error(`pin: ${g.names[p]} is not required`);
  if (!isAllowed(state, p, v)) throw new Error(`pin: version ${v} of ${g.names[p]} is not allowed`);
  state.trailAtPin[state.depth] = state.trailLength;
  state.scoreAtPin[state.depth] = state.score;
  state.pinOrder[state.depth++] = p;
  state.pins[p] = v;
  if (state.requiredBy[p] > 0) state.unresolvedCount--;
  const c = g.versionStart[p] + v;
  state.score += g.score[c];
  // The pinned package's allowed versions become exactly {v}.
  const o = state.domainOffset[p];
  for (let w = 0, n = g.maskWords[p]; w < n; w++) {
    const want = w === v >>> 5 ? 1 << (v & 31) : 0;
    if (state.domain[o + w] !== want) setWord(state, o + w, want);
  }
  let dead = -1;
  for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
    const q = g.edgeTarget[e];
    if (state.requiredBy[q]++ === 0 && state.pins[q] < 0) state.unresolvedCount++;
    const qo = state.domainOffset[q];
    const m = g.edgeMask[e];
    let any = 0;
    for (let w = 0, n = g.maskWords[q]; w < n; w++) {
      const old = state.domain[qo + w];
      const now = old & g.masks[m + w];
      if (now !== old) setWord(state, qo + w, now);
      any |= now;
    }
    if (any === 0) {
      if (dead < 0) dead = q;
    } else if (state.pins[q] < 0) {
      state.pending[state.pendingLength++] = q;
    }
  }
  state.deadEnd = dead;
  return dead;
}

/**
 * Unit propagation: pins every required, unpinned package with exactly one allowed version until
 * none is left. Returns PIN_OK or the package that emptied. Forced pins are ordinary pins (undo
 * them with `undoTo`).
 */
export function propagateUnits(state: State): number {
  if (state.deadEnd >= 0) return state.deadEnd;
  // Start from every unresolved package with one allowed version; later pins queue their targets.
  state.pendingLength = 0;
  for (let p = nextUnresolved(state, 0); p >= 0; p = nextUnresolved(state, p + 1)) {
    if (popcount(state, p) === 1) state.pending[state.pendingLength++] = p;
  }
  while (state.pendingLength > 0) {
    const q = state.pending[--state.pendingLength];
    if (state.pins[q] >= 0 || state.requiredBy[q] === 0 || popcount(state, q) !== 1) continue;
    const r = pin(state, q, nextAllowed(state, q, 0));
    if (r !== PIN_OK) {
      state.pendingLength = 0;
      return r;
    }
  }
  return PIN_OK;
}

/** Undoes pins until `depth` of them are left (a mark taken from state.depth). */
export function undoTo(state: State, mark: number): void {
  const g = state.graph;
  if (mark > state.depth || mark < 0) throw new Error(`undoTo: mark ${mark} outside 0..${state.depth}`);
  if (mark === state.depth) return;
  while (state.depth > mark) {
    const p = state.pinOrder[--state.depth];
    const c = g.versionStart[p] + state.pins[p];
    for (let e = g.edgeStart[c], end = g.edgeStart[c + 1]; e < end; e++) {
      const q = g.edgeTarget[e];
      if (--state.requiredBy[q] === 0 && state.pins[q] < 0) state.unresolvedCount--;
    }
    state.pins[p] = -1;
    if (state.requiredBy[p] > 0) state.unresolvedCount++;
  }
  state.score = state.scoreAtPin[mark];
  const stop = state.trailAtPin[mark];
  for (let i = state.trailLength - 1; i >= stop; i--) state.domain[state.trailIndex[i]] = state.trailValue[i];
  state.trailLength = stop;
  state.deadEnd = -1;
  state.pendingLength = 0;
}

/** Makes `dst` (a state over the same graph) equal to `src`, without allocating. */
export function copyInto(dst: State, src: State): void {
  if (dst.graph !== src.graph) throw new Error("copyInto: states over different graphs");
  dst.pins.set(src.pins);
  dst.domain.set(src.domain);
  dst.requiredBy.set(src.requiredBy);
  dst.score = src.score;
  dst.unresolvedCount = src.unresolvedCount;
  dst.deadEnd = src.deadEnd;
  dst.depth = src.depth;
  dst.pinOrder.set(src.pinOrder);
  dst.trailAtPin.set(src.trailAtPin);
  dst.scoreAtPin.set(src.scoreAtPin);
  dst.trailIndex.set(src.trailIndex.subarray(0, src.trailLength));
  dst.trailValue.set(src.trailValue.subarray(0, src.trailLength));
  dst.trailLength = src.trailLength;
  dst.pending.set(src.pending.subarray(0, src.pendingLength));
  dst.pendingLength = src.pendingLength;
}

/** A new state equal to `src` (allocates). */
export function cloneState(src: State): State {
  const s = createState(src.graph);
  copyInto(s, src);
  return s;
}

function setWord(state: State, i: number, value: number): void {
  state.trailIndex[state.trailLength] = i;
  state.trailValue[state.trailLength++] = state.domain[i];
  state.domain[i] = value;
}

function bitCount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
