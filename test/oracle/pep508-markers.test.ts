/**
 * Oracle conformance of markers: random marker texts (all variables, aliases, operators, quote
 * styles, whitespace, parentheses, escapes, some corrupted) and random environments, compared
 * with Python's `packaging` on parse validity, error message, str() and evaluation.
 */
import { describe, expect, it } from "vitest";
import { evaluateMarkerChecked, formatMarker, parseMarker } from "../../core/pep508/index.js";
import { oracleUnavailable, runOracle, seededRandom, type OracleEnv, type OracleMarkerResult } from "./pep508-harness.js";

const COUNT = 10_000;
const unavailable = oracleUnavailable();
if (unavailable !== null) console.warn(`skipping pep508 marker oracle: ${unavailable}`);

const VARIABLES = [
  "python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform", "platform_release",
  "platform_system", "platform_version", "platform.version", "platform_machine", "platform.machine",
  "platform_python_implementation", "platform.python_implementation", "python_implementation", "implementation_name",
  "implementation_version", "extra", "extras", "dependency_groups",
];
const OPS = ["===", "==", "~=", "!=", "<=", ">=", "<", ">", "in", "not in"];
const VALUES = [
  "3.8", "3.8.*", "3", "3.10", "3.6.0", "2.7", "3.11.2", "3.8.10", "1!2", "3.8+local", "3.8.0+local", "1.0rc1", "3.13.0rc1", "", "3.7.*",
  "2.7.x", "3.8.dev0", "3.8.post1", "v3.8", " 3.8", "3.8 ", "linux", "Linux", "linux2", "win32", "Windows", "darwin", "Darwin",
  "nt", "posix", "x86_64", "AMD64", "arm64", "aarch64", "CPython", "PyPy", "cpython", "pypy", "test", "Foo_Bar", "foo-bar",
  "DEV", "a.b", "os_name", "python_version", "extra", "6.1.0", "10", "23.6.0", "#1 SMP", "10.0.19045", "1.2.3.4.5",
  "a'b", 'a"b', "\\n", "\\x41", "\\\\", "\\u00e9", "\\q", "é", "3.8\\n", "7.3.11", "3.6.*", "3.*",
];
const PYTHONS = [
  ["3.8", "3.8.10"], ["3.6", "3.6.0"], ["3.7", "3.7.17"], ["3.11", "3.11.2"], ["3.13", "3.13.0rc1"], ["2.7", "2.7.18"],
  ["3.8", "3.8.10+"], ["3.10", "3.10.0"], ["3", "3"], ["3.9", "3.9.0b2"], ["4.0", "4.0.0.dev1"], ["", ""], ["abc", "abc"],
  ["3.12", "3.12.1.post1"], ["3.8", "1!3.8.0"], ["3.8", "3.8.0+local"],
];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function quote(r: Rand, v: string): string {
  if (v.includes("'")) return `"${v}"`;
  if (v.includes('"')) return `'${v}'`;
  return r() < 0.5 ? `"${v}"` : `'${v}'`;
}

function space(r: Rand): string {
  const x = r();
  return x < 0.6 ? " " : x < 0.8 ? "" : x < 0.95 ? "  " : "\t";
}

function item(r: Rand): string {
  const variable = pick(r, VARIABLES);
  const value = quote(r, pick(r, VALUES));
  const op = pick(r, OPS);
  const x = r();
  // mostly variable op value; sometimes value op variable, value op value, variable op variable
  const [a, b] = x < 0.7 ? [variable, value] : x < 0.9 ? [value, variable] : x < 0.95 ? [value, quote(r, pick(r, VALUES))] : [variable, pick(r, VARIABLES)];
  const sep = /^[a-z]/.test(op) ? " " : space(r);
  return `${a}${sep}${op}${sep}${b}`;
}

function expression(r: Rand, depth: number): string {
  const n = 1 + Math.floor(r() * (depth > 2 ? 1 : 3));
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let atom = depth < 4 && r() < 0.25 ? `(${space(r)}${expression(r, depth + 1)}${space(r)})` : item(r);
    if (r() < 0.03) atom = `(${atom})`;
    parts.push(atom);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) out += ` ${r() < 0.5 ? "and" : "or"} ${parts[i]}`;
  return out;
}

function corrupt(r: Rand, text: string): string {
  const at = Math.floor(r() * (text.length + 1));
  const x = r();
  if (x < 0.4) return text.slice(0, at) + text.slice(at + 1);
  if (x < 0.8) return text.slice(0, at) + pick(r, ["(", ")", '"', "'", "=", " ", "and", "not", "\\", ";", "x"]) + text.slice(at);
  return text.slice(0, at);
}

function environment(r: Rand): OracleEnv {
  const [py, full] = pick(r, PYTHONS);
  const platform = pick(r, [
    ["posix", "linux", "Linux", "x86_64"], ["nt", "win32", "Windows", "AMD64"], ["posix", "darwin", "Darwin", "arm64"], ["posix", "linux2", "Linux", "aarch64"],
  ]);
  const pypy = r() < 0.2;
  return {
    implementation_name: pypy ? "pypy" : "cpython",
    implementation_version: pypy ? "7.3.11" : full!,
    os_name: platform[0]!,
    platform_machine: platform[3]!,
    platform_release: pick(r, ["6.1.0", "10", "23.6.0", "5.4.0-1-generic", ""]),
    platform_system: platform[2]!,
    platform_version: pick(r, ["#1 SMP", "10.0.19045", ""]),
    python_full_version: full!,
    platform_python_implementation: pypy ? "PyPy" : "CPython",
    python_version: py!,
    sys_platform: platform[1]!,
  };
}

describe.skipIf(unavailable !== null)("pep508 markers against packaging", () => {
  it(`agrees on ${COUNT} random markers and environments`, () => {
    const r = seededRandom(508);
    const ops = [];
    for (let i = 0; i < COUNT; i++) {
      let text = expression(r, 0);
      if (r() < 0.15) text = corrupt(r, text);
      if (r() < 0.05) text = `${space(r)}${text}${pick(r, [" ", "\n", "\t", "  "])}`;
      const envs = [environment(r), environment(r), environment(r)];
      const extras = r() < 0.5 ? [] : [pick(r, ["test", "Foo_Bar", "dev", "foo-bar", "a.b"])];
      ops.push({ t: "marker" as const, text, envs, extras });
    }
    const results = runOracle(ops) as OracleMarkerResult[];
    const disagreements: string[] = [];
    let valid = 0;
    let evaluations = 0;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const want = results[i]!;
      const got = parseMarker(op.text);
      const where = JSON.stringify(op.text);
      if (got.ok !== want.valid) {
        disagreements.push(`${where}: valid ${got.ok} vs packaging ${want.valid} ${got.ok ? want.error?.message : got.error.message}`);
        continue;
      }
      if (!got.ok) {
        if (want.error?.type === "syntax" && (got.error.message !== want.error.message || got.error.position !== want.error.span![1])) {
          disagreements.push(`${where}: error ${JSON.stringify(got.error.message)}@${got.error.position} vs ${JSON.stringify(want.error.message)}@${want.error.span![1]}`);
        }
        continue;
      }
      valid++;
      const str = formatMarker(got.value);
      if (str !== want.str) disagreements.push(`${where}: str ${JSON.stringify(str)} vs ${JSON.stringify(want.str)}`);
      op.envs.forEach((env, e) => {
        ["", ...op.extras].forEach((extra, x) => {
          evaluations++;
          const ours = evaluateMarkerChecked(got.value, env, extra);
          const theirs = want.evals![e]![x]!;
          const a = ours.ok ? String(ours.value) : ours.error.kind;
          const b = theirs.ok ? String(theirs.value) : theirs.kind;
          if (a !== b) disagreements.push(`${where} env ${JSON.stringify(env)} extra ${JSON.stringify(extra)}: ${a} vs ${b}`);
        });
      });
    }
    console.log(`pep508 marker oracle: ${ops.length} markers (${valid} valid), ${evaluations} evaluations, ${disagreements.length} disagreements`);
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(valid).toBeGreaterThan(COUNT / 2);
  });
});
