/**
 * Seeded generators of nasty PEP 440 inputs for the oracle test: every spelling PEP 440
 * normalizes, epochs, long and zero-padded releases, pre/post/dev combinations, local labels,
 * odd whitespace, and corrupted texts that must be rejected.
 */
import { mulberry32 } from "../../core/random/index.js";

export type Rng = () => number;

/** The seeded PRNG of core (mulberry32), for reproducible random cases. */
export const seededRng: (seed: number) => Rng = mulberry32;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;
const int = (r: Rng, n: number): number => Math.floor(r() * n);

function randomCase(r: Rng, s: string): string {
  if (!chance(r, 0.15)) return s;
  return [...s].map((c) => (chance(r, 0.5) ? c.toUpperCase() : c)).join("");
}

function number(r: Rng): string {
  const x = r();
  if (x < 0.55) return String(int(r, 4));
  if (x < 0.8) return String(int(r, 30));
  if (x < 0.9) return "0" + String(int(r, 10)); // zero padding
  if (x < 0.97) return String(int(r, 100000));
  return String(int(r, 1e12));
}

const SEPARATORS = [".", "-", "_"];
const WHITESPACE = [" ", "  ", "\t", "\n", "\u00a0", "\x1c", "\u2003", "\ufeff", "\x85"];
const maybeSep = (r: Rng): string => (chance(r, 0.5) ? pick(r, SEPARATORS) : "");

export function releaseText(r: Rng): string {
  const len = chance(r, 0.85) ? 1 + int(r, 3) : 1 + int(r, 7);
  const parts: string[] = [];
  for (let i = 0; i < len; i++) parts.push(number(r));
  return parts.join(".");
}

export interface VersionOptions {
  readonly local?: boolean;
  readonly corrupt?: number;
  readonly whitespace?: boolean;
}

export function versionText(r: Rng, options: VersionOptions = {}): string {
  let s = "";
  if (chance(r, 0.06)) s += pick(r, ["v", "V"]);
  if (chance(r, 0.1)) s += number(r) + "!";
  s += releaseText(r);
  if (chance(r, 0.3)) {
    s += maybeSep(r) + randomCase(r, pick(r, ["a", "b", "rc", "alpha", "beta", "c", "pre", "preview"])) + maybeSep(r);
    if (chance(r, 0.8)) s += number(r);
  }
  if (chance(r, 0.25)) {
    if (chance(r, 0.3)) s += "-" + number(r);
    else {
      s += maybeSep(r) + randomCase(r, pick(r, ["post", "rev", "r"])) + maybeSep(r);
      if (chance(r, 0.8)) s += number(r);
    }
  }
  if (chance(r, 0.25)) {
    s += maybeSep(r) + randomCase(r, "dev") + maybeSep(r);
    if (chance(r, 0.8)) s += number(r);
  }
  if ((options.local ?? true) && chance(r, 0.15)) {
    const n = 1 + int(r, 3);
    const segs: string[] = [];
    for (let i = 0; i < n; i++) segs.push(randomCase(r, pick(r, ["ubuntu", "1", "abc", "0", "a1", "007", "x", "12", "deadbeef", "cpu"])));
    s += "+" + segs.map((x, i) => (i === 0 ? x : pick(r, SEPARATORS) + x)).join("");
  }
  if ((options.whitespace ?? true) && chance(r, 0.05)) s = pick(r, WHITESPACE) + s;
  if ((options.whitespace ?? true) && chance(r, 0.05)) s += pick(r, WHITESPACE);
  if (chance(r, options.corrupt ?? 0.08)) s = corrupt(r, s);
  return s;
}

export function corrupt(r: Rng, s: string): string {
  const at = int(r, s.length + 1);
  const x = r();
  if (x < 0.5) return s.slice(0, at) + pick(r, [".", "-", "_", "+", "!", "*", "x", "~", " ", "a", "Z", "9", ",", ";", ")", "ſ", "٣"]) + s.slice(at);
  if (x < 0.8) return s.slice(0, at) + s.slice(at + 1);
  return s.slice(0, at) + s.slice(at, at + 1).repeat(2) + s.slice(at + 1);
}

const OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "~=", "==="];

export function clauseText(r: Rng): string {
  const op = pick(r, OPERATORS);
  const space = chance(r, 0.15) ? pick(r, [" ", "  ", "\t", "\u00a0", "\x1c", "\ufeff"]) : "";
  let version: string;
  if ((op === "==" || op === "!=") && chance(r, 0.25)) {
    version = (chance(r, 0.05) ? "v" : "") + (chance(r, 0.05) ? number(r) + "!" : "") + releaseText(r) + ".*";
  } else if (op === "===") {
    version = chance(r, 0.6) ? versionText(r, { corrupt: 0, whitespace: false }) : pick(r, ["foo", "1.0.*", "FOO", "1.0-Linux", "", "1.0;x"]);
  } else {
    const local = op === "==" || op === "!=" || chance(r, 0.05);
    version = versionText(r, { local, corrupt: 0.02, whitespace: false });
  }
  let s = op + space + version;
  if (chance(r, 0.1)) s = pick(r, [" ", "\u3000", "\n"]) + s + pick(r, [" ", "\x85", ""]);
  if (chance(r, 0.02)) s = corrupt(r, s);
  return s;
}

export function setText(r: Rng): string {
  const n = chance(r, 0.05) ? 0 : 1 + int(r, 3);
  const clauses: string[] = [];
  for (let i = 0; i < n; i++) clauses.push(clauseText(r));
  if (chance(r, 0.03)) clauses.push(pick(r, ["", " "]));
  return clauses.join(pick(r, [",", ", ", " ,", ","]));
}

/** Versions close to a specifier's version, where the interesting boundaries are. */
export function neighbours(r: Rng, base: string): string[] {
  const b = base.replace(/\.\*$/, "").trim();
  const out = [b, b + ".post1", b + "a1", b + ".dev0", b + "+local.1", b + ".0", b + "rc1.post2", b + ".post1.dev1", b + "-1"];
  const m = /^(.*?)(\d+)([^\d]*)$/.exec(b.split("+")[0]!);
  if (m) {
    out.push(`${m[1]}${Number(m[2]) + 1}${m[3]}`);
    if (Number(m[2]) > 0) out.push(`${m[1]}${Number(m[2]) - 1}`);
  }
  const pre = /^(.*?)([0-9.]+)/.exec(b);
  if (pre) out.push(pre[2]!, pre[2]! + "a0", pre[2]! + ".post0", pre[2]! + ".dev5");
  return [pick(r, out), pick(r, out), pick(r, out)];
}
