/**
 * Prescriptions (Thoth's v1 format) whose units compile to state predicates: for the tests and
 * benchmarks of stack rules judged where rollouts run (issue 14 item 3).
 */
import { readFileSync } from "node:fs";
import { mulberry32 } from "../../core/random/index.js";

/** Prescriptions over Flask's stacks: state steps (two scores, a rejection) and a rejecting stride. */
export const FLASK_STACK_RULES = `units:
  steps:
  - name: FlaskWerkzeugPairStep
    type: step
    should_include: {adviser_pipeline: true}
    match:
      package_version: {name: flask, version: ">=2.0"}
      state:
        resolved_dependencies:
        - {name: werkzeug, version: "<2.2"}
    run:
      score: 0.5
  - name: JinjaMarkupsafeStep
    type: step
    should_include: {adviser_pipeline: true}
    match:
      package_version: {name: jinja2, version: "<3.1"}
      state:
        resolved_dependencies:
        - {name: markupsafe, version: ">=2.1"}
    run:
      not_acceptable: jinja2<3.1 breaks with markupsafe>=2.1
  - name: ClickPenaltyStep
    type: step
    should_include: {adviser_pipeline: true}
    match:
      package_version: {name: click, version: "<8.1"}
      state:
        resolved_dependencies:
        - {name: flask, version: ">=2.2"}
    run:
      score: -0.4
  strides:
  - name: OldItsdangerousStride
    type: stride
    should_include: {adviser_pipeline: true}
    match:
      state:
        resolved_dependencies:
        - {name: itsdangerous, version: "<2.1"}
        - {name: flask, version: ">=2.2"}
    run:
      not_acceptable: flask>=2.2 wants itsdangerous>=2.1
`;

/** A stride that asks for an eager stop (append to FLASK_STACK_RULES): flask 2.1.2 with werkzeug 2.1.2. */
export const FLASK_EAGER_STOP = `  - name: GoodEnoughStride
    type: stride
    should_include: {adviser_pipeline: true}
    match:
      state:
        resolved_dependencies:
        - {name: flask, version: "==2.1.2"}
        - {name: werkzeug, version: "==2.1.2"}
    run:
      eager_stop_pipeline: a good enough stack
`;

/**
 * Seeded state steps and strides over a graph JSON file's packages (those in `closure`): `steps`
 * pair terms "A in a range, with B resolved in a range" (dyadic scores in [-0.5, 0.5]; 1 in 100
 * not acceptable) and `strides` rejecting strides over two resolved packages, each pinned to one
 * version. No eager stop.
 */
export function syntheticStackRules(graphPath: string, closure: ReadonlySet<string>, seed: number, steps: number, strides: number): string {
  const graph = JSON.parse(readFileSync(graphPath, "utf8")) as Record<string, Record<string, unknown>>;
  const packages = Object.keys(graph).sort().map((name) => ({ name: name.toLowerCase().replace(/[-_.]+/g, "-"), versions: Object.keys(graph[name]).filter((v) => /^\d+(\.\d+)*$/.test(v)) }))
    .filter((p) => closure.has(p.name) && p.versions.length > 1);
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const range = (p: { versions: string[] }) => `${rnd() < 0.5 ? ">=" : "<"}${pick(p.versions)}`;
  const lines = ["units:", "  steps:"];
  for (let i = 0; i < steps; i++) {
    const a = pick(packages);
    let b = pick(packages);
    while (b === a) b = pick(packages);
    const run = rnd() < 0.01 ? `not_acceptable: synthetic clash ${i}` : `score: ${Math.round((rnd() - 0.5) * 64) / 64}`;
    lines.push(`  - name: SyntheticPairStep${i}`, "    type: step", "    should_include: {adviser_pipeline: true}", "    match:",
      `      package_version: {name: ${a.name}, version: "${range(a)}"}`, "      state:", "        resolved_dependencies:",
      `        - {name: ${b.name}, version: "${range(b)}"}`, "    run:", `      ${run}`);
  }
  if (strides > 0) lines.push("  strides:");
  for (let i = 0; i < strides; i++) {
    const a = pick(packages);
    let b = pick(packages);
    while (b === a) b = pick(packages);
    lines.push(`  - name: SyntheticStride${i}`, "    type: stride", "    should_include: {adviser_pipeline: true}", "    match:", "      state:", "        resolved_dependencies:",
      `        - {name: ${a.name}, version: "==${pick(a.versions)}"}`, `        - {name: ${b.name}, version: "==${pick(b.versions)}"}`, "    run:", `      not_acceptable: synthetic stride ${i}`);
  }
  return `${lines.join("\n")}\n`;
}
