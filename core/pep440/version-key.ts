import type { Version } from "./version.js";

/**
 * A string whose code-unit order is packaging's `_cmpkey` order, so comparing two versions is
 * one string comparison. Layout (every number length-prefixed, so longer means larger):
 *   N(epoch) N(r0) N(r1)... "!"   release with trailing zeros trimmed, "!" ends the tuple
 *   pre-rank N(pre) post-rank N(post) dev-rank N(dev)   the six-int suffix
 *   then, for a local version only: per segment "A"+text+"\x01" (string) or "B"+N(n) (number)
 * The public key is the same without the local part, hence a prefix of the key.
 */
interface Keyed {
  readonly _key: string;
  readonly _publicKey: string;
}

function num(n: number): string {
  const s = String(n);
  return String.fromCharCode(0x41 + s.length) + s;
}

export function encodePublicKey(v: Version): string {
  let k = num(v.epoch);
  let end = v.release.length;
  while (end > 0 && v.release[end - 1] === 0) end--;
  for (let i = 0; i < end; i++) k += num(v.release[i]!);
  k += "!";
  let preRank: number;
  let preN = 0;
  if (v.pre === null && v.post === null && v.dev !== null) preRank = 0;
  else if (v.pre === null) preRank = 4;
  else {
    preRank = v.pre.label === "a" ? 1 : v.pre.label === "b" ? 2 : 3;
    preN = v.pre.n;
  }
  k += String.fromCharCode(0x30 + preRank) + num(preN);
  k += v.post === null ? "0" + num(0) : "1" + num(v.post);
  k += v.dev === null ? "1" + num(0) : "0" + num(v.dev);
  return k;
}

export function encodeLocal(local: readonly (string | number)[]): string {
  let k = "";
  for (const seg of local) k += typeof seg === "number" ? "B" + num(seg) : "A" + seg + "\x01";
  return k;
}

/** Attaches the precomputed keys to a freshly built (not yet frozen) version, as hidden properties. */
export function attachKeys(v: Version): void {
  const publicKey = encodePublicKey(v);
  const key = v.local === null ? publicKey : publicKey + "~" + encodeLocal(v.local);
  Object.defineProperty(v, "_key", { value: key, enumerable: false });
  Object.defineProperty(v, "_publicKey", { value: publicKey, enumerable: false });
}

const computed = new WeakMap<Version, Keyed>();

function slowKeys(v: Version): Keyed {
  let k = computed.get(v);
  if (k === undefined) {
    const publicKey = encodePublicKey(v);
    k = { _publicKey: publicKey, _key: v.local === null ? publicKey : publicKey + "~" + encodeLocal(v.local) };
    computed.set(v, k);
  }
  return k;
}

/** The full comparison key (local included). Versions built by hand get theirs computed once. */
export function versionKey(v: Version): string {
  const k = (v as Partial<Keyed>)._key;
  return k !== undefined ? k : slowKeys(v)._key;
}

/** The comparison key of the public version (local label dropped). */
export function publicVersionKey(v: Version): string {
  const k = (v as Partial<Keyed>)._publicKey;
  return k !== undefined ? k : slowKeys(v)._publicKey;
}

/** <0, 0 or >0 exactly as packaging orders versions. */
export function compareVersions(a: Version, b: Version): number {
  const ka = versionKey(a);
  const kb = versionKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
