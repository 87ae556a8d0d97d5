/**
 * Every JSON output of the CLI, from real runs of the built CLI through a pipe, validates against
 * its schema in docs/schema/ (test/support/json-schema.ts; and Python's jsonschema as a second
 * judge when it is installed).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validate, type JsonSchema } from "../support/json-schema.js";
import { runMaat } from "../support/maat-cli.js";
import { repoRoot, sharedData } from "../support/shared-data.js";
import { tempDir } from "../support/temp-dir.js";

const schemaOf = (kind: string): JsonSchema => JSON.parse(readFileSync(join(repoRoot, "docs/schema", `maat.${kind}-1.json`), "utf8")) as JsonSchema;
const example = join(repoRoot, "examples/flask");
const graph = join(example, "flask-graph.json");
const advisories = join(example, "advisories");
const flaskData = sharedData("pypi-graphs");

const pythonJsonschema = (() => {
  try {
    execFileSync("python3", ["-c", "import jsonschema"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Python's jsonschema (Draft 2020-12) on the same documents: the errors it finds, per document. */
function judgedByPython(schema: JsonSchema, documents: readonly unknown[]): string[][] {
  const script = "import json, sys, jsonschema\nschema, docs = json.load(sys.stdin)\njsonschema.Draft202012Validator.check_schema(schema)\nv = jsonschema.Draft202012Validator(schema)\nprint(json.dumps([[e.message for e in v.iter_errors(d)] for d in docs]))";
  return JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify([schema, documents]), encoding: "utf8" })) as string[][];
}

describe("JSON outputs against docs/schema/", () => {
  const dir = tempDir("maat-schema-");
  const env = { ...process.env, MAAT_STORE: join(dir, "store", "knowledge.sqlite") };
  const outputs = new Map<string, unknown[]>();
  const json = async (kind: string, args: string[], code = 0) => {
    const r = await runMaat(args, { env });
    expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(code);
    const document = JSON.parse(r.stdout) as unknown;
    outputs.set(kind, [...(outputs.get(kind) ?? []), document]);
    return document as Record<string, unknown>;
  };

  beforeAll(() => {
    writeFileSync(join(dir, "scores.json"), JSON.stringify({ flask: { "2.3.3": 1 } }));
    mkdirSync(join(dir, "prescriptions"));
    writeFileSync(join(dir, "prescriptions", "flask.yaml"), "units:\n  wraps:\n  - name: FlaskWrap\n    type: wrap\n    should_include:\n      adviser_pipeline: true\n    match:\n      state:\n        resolved_dependencies:\n        - name: flask\n    run:\n      justification:\n      - type: INFO\n        message: flask is here\n        link: https://example.org/flask\n");
  });

  it("maat advise: a report, an impossible request, no safe stack, with every kind of knowledge", async () => {
    const base = ["advise", "--index", graph, "--python", "3.8", "--budget", "300", "--format", "json"];
    const report = await json("advise", [...base, "--advisories", advisories, "--scores", join(dir, "scores.json"), "--prescriptions", join(dir, "prescriptions"), "flask"]);
    expect(report.schema).toBe("maat.advise/1");
    expect((report.products as unknown[]).length).toBeGreaterThan(0);
    const impossible = await json("advise", [...base, "flask>=2", "werkzeug<1"], 1);
    expect(impossible.conflict).toMatchObject({ kind: "unsatisfiable", packages: expect.arrayContaining([expect.objectContaining({ package: "werkzeug" })]) });
    const unsafe = await json("advise", [...base, "--advisories", advisories, "--recommendation", "security", "flask>=2"], 1);
    expect(unsafe.conflict).toMatchObject({ kind: "no-safe-stack", packages: [expect.objectContaining({ package: "werkzeug", all_versions_affected: true })] });
    await json("advise", [...base, "--predictor", "exact", "flask<2"]);
    const weighted = await json("advise", [...base, "--scores", join(dir, "scores.json"), "--weight", "recency=0", "--weight", "scores-file=2", "flask"]);
    expect(weighted.objective).toEqual({ weights: { advisories: 1, prescriptions: 1, recency: 0, scores: 1, "scores-file": 2 } });
    for (const d of outputs.get("advise")!) expect(validate(schemaOf("advise"), d)).toEqual([]);
  });

  it("maat resolve: a resolution and an impossible request", async () => {
    await json("resolve", ["resolve", "--index", graph, "--python", "3.8", "--format", "json", "flask"]);
    const impossible = await json("resolve", ["resolve", "--index", graph, "--python", "3.8", "--format", "json", "flask>=2", "werkzeug<1"], 1);
    expect(impossible).toMatchObject({ schema: "maat.resolve/1", satisfiable: false });
    for (const d of outputs.get("resolve")!) expect(validate(schemaOf("resolve"), d)).toEqual([]);
  });

  it("maat count and maat prescriptions check", async () => {
    await json("count", ["count", "--index", graph, "--python", "3.8", "--format", "json", "flask<1"]);
    await json("prescriptions-check", ["prescriptions", "check", join(dir, "prescriptions"), "--format", "json"]);
    expect(validate(schemaOf("count"), outputs.get("count")![0])).toEqual([]);
    expect(validate(schemaOf("prescriptions-check"), outputs.get("prescriptions-check")![0])).toEqual([]);
  });

  it("maat update: an old lock with advisories", async () => {
    writeFileSync(join(dir, "requirements.in"), "flask<2.3\n");
    writeFileSync(join(dir, "old-lock.txt"), "click==7.1.2\nflask==1.1.2\nitsdangerous==1.1.0\njinja2==2.10\nmarkupsafe==1.1.1\nwerkzeug==0.15.5\n");
    // a step that penalises the locked click: the audit's prescription flags and the rows' fixes
    mkdirSync(join(dir, "update-prescriptions"));
    writeFileSync(join(dir, "update-prescriptions", "click.yaml"), "units:\n  steps:\n  - name: OldClick\n    type: step\n    should_include: {adviser_pipeline: true}\n    match: {package_version: {name: click, version: \"<8\"}}\n    run:\n      score: -0.5\n      justification: [{type: WARNING, message: old click, link: old_click}]\n");
    const update = await json("update", ["update", join(dir, "requirements.in"), "--lock", join(dir, "old-lock.txt"), "--index", graph, "--python", "3.8", "--advisories", advisories, "--prescriptions", join(dir, "update-prescriptions"), "--format", "json"], 1);
    expect(update.schema).toBe("maat.update/1");
    expect(JSON.stringify(update)).toContain('"prescriptions_fixed":[{"unit":"OldClick"');
    expect(validate(schemaOf("update"), update)).toEqual([]);
  });

  it("maat sample: one document per line", async () => {
    const r = await runMaat(["sample", "--index", graph, "--python", "3.8", "--count", "3", "--format", "json", "flask<2.3"], { env });
    expect(r.code, r.stderr).toBe(0);
    const documents = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown);
    outputs.set("sample", documents);
    expect(documents.length).toBe(3);
    const oneChange = await runMaat(["sample", "--index", graph, "--python", "3.8", "--count", "2", "--rule", "one-change", "--format", "json", "flask<2.3"], { env });
    expect(oneChange.code, oneChange.stderr).toBe(0);
    const changed = oneChange.stdout.trim().split("\n").map((l) => JSON.parse(l) as { change?: unknown });
    expect(changed.every((d) => d.change !== undefined)).toBe(true);
    documents.push(...changed);
    for (const d of documents) expect(validate(schemaOf("sample"), d)).toEqual([]);
  });

  it("maat experiment's flask-experiment.json, and the flask and tensorflow ones in docs/", async () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, "docs/flask-experiment.json"), "utf8")) as unknown;
    const tensorflow = JSON.parse(readFileSync(join(repoRoot, "docs/tensorflow-experiment.json"), "utf8")) as unknown;
    expect(tensorflow).toMatchObject({ experiment: "tensorflow", requirements: ["tensorflow==2.1.0"] });
    outputs.set("experiment", [committed, tensorflow]);
    if (flaskData !== null) {
      const r = await runMaat(["experiment", "flask", "--seeds", "1", "--predictors", "latest,random-walk", "--data", flaskData, "--out", dir], { env });
      expect(r.code, r.stderr).toBe(0);
      outputs.set("experiment", [committed, tensorflow, JSON.parse(readFileSync(join(dir, "flask-experiment.json"), "utf8")) as unknown]);
    } else {
      process.stderr.write("json-outputs: ../shared/data/pypi-graphs is absent: only the committed docs/flask-experiment.json is checked\n");
    }
    for (const d of outputs.get("experiment")!) expect(validate(schemaOf("experiment"), d)).toEqual([]);
  });

  it.skipIf(!pythonJsonschema)("agrees with Python's jsonschema on every document above (skipped when it is not installed)", () => {
    expect(outputs.size).toBe(7);
    for (const [kind, documents] of outputs) {
      expect(judgedByPython(schemaOf(kind), documents), kind).toEqual(documents.map(() => []));
    }
  });
});
