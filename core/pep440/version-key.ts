import type { Version } from "./version.js";

/**
 * A string whose code-unit order is packaging's `_cmpkey` order, so comparing two versions is
 * one string comparison. Layout (every number length-prefixed, so longer means larger):
 *   N(epoch) N(r0) N(r1)... "!"   release with trailing zeros trimmed, "!" ends the tuple
 *   pre-rank N(pre) post-rank N(post) dev-rank N(dev)   the six-int suffix
 *   then, for a local version only: per segment "A"+text+"\x01" (string) or "B"+N(n) (number)
 * The public key is the same without the local part, hence a prefix of the key.
 */
export interface Keyed {
  readonly _key: string;
  readonly _publicKey: string;
}

function num(n: number): string {
  const s = String(n);
  return String.fromCharCode(0x41 + s.length) + s;
}

export function encodePublicKey(v: Version): string {
  return encodePublicKeyParts(v.epoch, v.release, v.pre, v.post, v.dev);
}

export function encodePublicKeyParts(epoch: number, release: readonly number[], pre: Version["pre"], post: number | null, dev: number | null): string {
  let k = num(epoch);
  let end = release.length;
  while (end > 0 && release[end - 1] === 0) end--;
  for (let i = 0; i < end; i++) k += num(release[i]!);
  k += "!";
  let preRank: number;
  let preN = 0;
  if (pre === null && post === null && dev !== null) preRank = 0;
  else if (pre === null) preRank = 4;
  else {
    preRank = pre.label === "a" ? 1 : pre.label === "b" ? 2 : 3;
    preN = pre.n;
  }
  k += String.fromCharCode(0x30 + preRank) + num(preN);
  k += post === null ? "0B0" : "1" + num(post);
  k += dev === null ? "1B0" : "0" + num(dev);
  return k;
}

/** The full key from the public key and the local label. */
export function fullKey(publicKey: string, local: readonly (string | number)[] | null): string {
  return local === null ? publicKey : publicKey + "~" + encodeLocal(local);
}

export function encodeLocal(local: readonly (string | number)[]): string {
  let k = "";
  for (const seg of local) k += typeof seg === "number" ? "B" + num(seg) : "A" + seg + "\x01";
  return k;
}

const computed = new WeakMap<Version, Keyed>();

function slowKeys(v: Version): Keyed {
  let k = computed.get(v);
  if (k === undefined) {
    const publicKey = encodePublicKey(v);
    k = { _publicKey: publicKey, _key: fullKey(publicKey, v.local) };
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
