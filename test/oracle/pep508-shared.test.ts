/**
 * Oracle conformance on real metadata: every requirement string of /work/shared's PyPI snapshots
 * (pypi-2020 indexes' "dependencies", pypi-graphs' "requires_dist") compared with Python's
 * `packaging`: validity, str(), parts, marker evaluation in six environments (with extra unset and
 * with every extra the marker mentions), and specifier contains for every version of the
 * depended-on project in the same file; plus every Requires-Python value for four Pythons.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatSpecifierSet, parseVersion, specifierSetContains } from "../../core/pep440/index.js";
import {
  environmentFor, evaluateMarkerChecked, formatMarker, formatRequirement, markerExtras, normalizeName, parseRequirement,
  requiresPythonMatches, type Environment, type Requirement,
} from "../../core/pep508/index.js";
import { oracleUnavailable, runOracle, type OracleOp, type OracleRequirementResult } from "./pep508-harness.js";

const shared = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared");
const data = join(shared, "data");
const unavailable = !existsSync(data) ? `${shared} is absent` : oracleUnavailable();
if (unavailable !== null) console.warn(`skipping pep508 shared-data oracle: ${unavailable}`);

interface Snapshot {
  readonly file: string;
  /** normalized project name -> version strings */
  readonly versions: Map<string, string[]>;
  readonly requirements: Set<string>;
  readonly requiresPython: Set<string>;
}

function loadSnapshots(): Snapshot[] {
  const files = [
    ...readdirSync(join(data, "pypi-2020/index")).filter((f) => f.endsWith(".json")).map((f) => join(data, "pypi-2020/index", f)),
    ...readdirSync(join(data, "pypi-graphs")).filter((f) => f.endsWith("-graph.json")).map((f) => join(data, "pypi-graphs", f)),
  ];
  return files.map((file) => {
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const versions = new Map<string, string[]>();
    const requirements = new Set<string>();
    const requiresPython = new Set<string>();
    for (const [name, byVersion] of Object.entries(json)) {
      if (typeof byVersion !== "object" || byVersion === null) continue;
      const versionList: string[] = [];
      for (const [version, meta] of Object.entries(byVersion as Record<string, unknown>)) {
        if (typeof meta !== "object" || meta === null) continue;
        versionList.push(version);
        const m = meta as { dependencies?: unknown; requires_dist?: unknown; requires_python?: unknown };
        // resolvelib's data writes "no dependencies" as {} sometimes
        const list = Array.isArray(m.dependencies) ? m.dependencies : Array.isArray(m.requires_dist) ? m.requires_dist : [];
        for (const r of list) if (typeof r === "string") requirements.add(r);
        if (typeof m.requires_python === "string") requiresPython.add(m.requires_python);
      }
      versions.set(normalizeName(name), versionList);
    }
    return { file, versions, requirements, requiresPython };
  });
}

const ENVIRONMENTS: readonly Environment[] = [
  environmentFor({ python: "3.6", platform: "linux" }),
  environmentFor({ python: "3.7", platform: "linux" }),
  environmentFor({ python: "3.8", platform: "linux" }),
  environmentFor({ python: "3.11", platform: "linux" }),
  environmentFor({ python: "3.8", platform: "windows" }),
  environmentFor({ python: "3.8", platform: "macos" }),
];
const PYTHONS = ["3.6.0", "3.7.17", "3.8.10", "3.11.2"];

describe.skipIf(unavailable !== null)("pep508 on shared PyPI metadata against packaging", () => {
  it("agrees on every requirement string, marker evaluation, specifier contains and Requires-Python", () => {
    const snapshots = loadSnapshots();
    const ops: OracleOp[] = [];
    const checks: ((result: unknown) => void)[] = [];
    const disagreements: string[] = [];
    const counts = { requirements: 0, evaluations: 0, contains: 0, requiresPython: 0 };
    const envs = ENVIRONMENTS.map((e) => ({ ...e }));

    for (const snap of snapshots) {
      const where = snap.file.slice(data.length + 1);
      const containsAsked = new Set<string>();
      for (const text of snap.requirements) {
        counts.requirements++;
        const got = parseRequirement(text);
        ops.push({ t: "req", text, envs, extras: null });
        checks.push((result) => compareRequirement(where, text, got.ok ? got.value : null, got.ok ? "" : got.error.message, result as OracleRequirementResult));
        if (!got.ok) continue;
        const versions = snap.versions.get(normalizeName(got.value.name));
        if (versions === undefined) continue;
        const spec = formatSpecifierSet(got.value.specifier);
        const key = `${normalizeName(got.value.name)} ${spec}`;
        if (containsAsked.has(key)) continue;
        containsAsked.add(key);
        ops.push({ t: "contains", spec, versions });
        const req = got.value;
        checks.push((result) => {
          const bits = result as string;
          versions.forEach((v, i) => {
            counts.contains++;
            const parsed = parseVersion(v);
            // a version string that is not PEP 440: packaging's SpecifierSet.contains admits it only
            // when there is no clause or every clause is `===` with that exact text
            const ours = parsed.ok
              ? specifierSetContains(req.specifier, parsed.value, null)
              : req.specifier.specifiers.every((c) => c.operator === "===" && c.version.toLowerCase() === v.toLowerCase());
            if (ours !== (bits[i] === "1")) disagreements.push(`${where}: ${JSON.stringify(spec)} contains ${v}: ${ours} vs ${bits[i] === "1"}`);
          });
        });
      }
      for (const rp of snap.requiresPython) {
        for (const python of PYTHONS) {
          counts.requiresPython++;
          ops.push({ t: "rp", spec: rp, python });
          checks.push((result) => {
            const want = result as { ok: boolean; value?: boolean };
            const got = requiresPythonMatches(rp, python);
            const a = got.ok ? String(got.value) : "invalid";
            const b = want.ok ? String(want.value) : "invalid";
            if (a !== b) disagreements.push(`${where}: Requires-Python ${JSON.stringify(rp)} on ${python}: ${a} vs ${b}`);
          });
        }
      }
    }

    function compareRequirement(where: string, text: string, got: Requirement | null, error: string, want: OracleRequirementResult): void {
      const w = `${where} ${JSON.stringify(text)}`;
      if ((got !== null) !== want.valid) {
        disagreements.push(`${w}: valid ${got !== null} vs packaging ${want.valid} (${got === null ? error : want.error?.message})`);
        return;
      }
      if (got === null) return;
      const parts: [string, unknown, unknown][] = [
        ["str", formatRequirement(got), want.str],
        ["name", got.name, want.name],
        ["extras", got.extras, want.extras],
        ["specifier", formatSpecifierSet(got.specifier), want.specifier],
        ["url", got.url, want.url],
        ["marker", got.marker === null ? null : formatMarker(got.marker), want.marker],
      ];
      if (got.marker !== null) parts.push(["markerExtras", markerExtras(got.marker), want.markerExtras]);
      for (const [part, a, b] of parts) {
        if (JSON.stringify(a) !== JSON.stringify(b)) disagreements.push(`${w}: ${part} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
      if (got.marker === null) return;
      const extras = ["", ...markerExtras(got.marker)];
      envs.forEach((env, e) => {
        extras.forEach((extra, x) => {
          counts.evaluations++;
          const ours = evaluateMarkerChecked(got.marker!, env, extra);
          const theirs = want.evals?.[e]?.[x];
          const a = ours.ok ? String(ours.value) : ours.error.kind;
          const b = theirs === undefined ? "missing" : theirs.ok ? String(theirs.value) : theirs.kind;
          if (a !== b) disagreements.push(`${w} python ${env.python_version} ${env.sys_platform} extra ${JSON.stringify(extra)}: ${a} vs ${b}`);
        });
      });
    }

    const results = runOracle(ops);
    expect(results.length).toBe(ops.length);
    results.forEach((result, i) => checks[i]!(result));
    console.log(
      `pep508 shared oracle: ${snapshots.length} files, ${counts.requirements} requirement strings, ${counts.evaluations} marker evaluations, ` +
        `${counts.contains} contains checks, ${counts.requiresPython} Requires-Python checks, ${disagreements.length} disagreements`,
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
  });
});
