/**
 * Issue 15 item 3: invalid advisory files and invalid prescription files are reported with the
 * advise (their count, then the first five paths with the reason), never dropped in silence.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateAdviseRequest } from "../../core/advise/index.js";
import { loadJobKnowledge } from "./job-knowledge.js";
import { tempDir } from "../../test/support/temp-dir.js";

const dir = tempDir("maat-job-knowledge-");
const graphFile = join(dir, "graph.json");
writeFileSync(graphFile, JSON.stringify({ app: { "1.0": { dependencies: [] } } }));

function request(change: { advisoriesPath?: string; prescriptionsPath?: string }) {
  const r = validateAdviseRequest({
    requirements: ["app"], constraints: [], indexes: [graphFile], python: "3.11", platform: "linux",
    recommendation: "latest", predictor: "mcts", budget: 10, count: 1, seed: 1, ...change,
  }, { batchSize: 8, timeoutMs: null });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const VALID_ADVISORY = "id: OK-1\naffected:\n- package: {name: app, ecosystem: PyPI}\n  versions: ['0.1']\n";
const WRAP = (name: string) => `units:\n  wraps:\n  - name: ${name}\n    type: wrap\n    should_include:\n      adviser_pipeline: true\n    match:\n      state:\n        resolved_dependencies:\n        - name: app\n    run:\n      justification:\n      - type: INFO\n        message: fine\n        link: https://example.org/app\n        package_name: app\n`;
const BAD_STEP = (name: string) => `units:\n  steps:\n  - name: ${name}\n    type: step\n    should_include:\n      adviser_pipeline: true\n    match:\n      package_version:\n        name: app\n    run:\n      score: high\n`;

describe("loadJobKnowledge reports what it skips", () => {
  it("seven invalid advisory files: the count, then the first five with their reasons", async () => {
    const folder = join(dir, "advisories", "app");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "OK-1.yaml"), VALID_ADVISORY);
    for (let i = 0; i < 7; i++) writeFileSync(join(folder, `BAD-${i}.yaml`), `id: BAD-${i}\naffected: nope\n`);
    const loaded = await loadJobKnowledge(request({ advisoriesPath: join(dir, "advisories") }), join(dir, "cache-a"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const messages = loaded.value.warnings.map((w) => `${w.field}: ${w.message}`);
    expect(messages[0]).toBe("advisoriesPath: 7 advisory files are invalid and were skipped; the first 5 follow");
    expect(messages.slice(1)).toEqual([0, 1, 2, 3, 4].map((i) => `advisoriesPath: ${join(folder, `BAD-${i}.yaml`)}: affected: expected a list (skipped)`));
    expect(loaded.value.used.advisories?.count).toBe(1);
  });

  it("invalid prescription files: the count, then the first five with their reasons; the valid units are used", async () => {
    const folder = join(dir, "prescriptions");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "good.yaml"), WRAP("GoodWrap"));
    for (let i = 0; i < 6; i++) writeFileSync(join(folder, `bad-${i}.yaml`), BAD_STEP(`BadStep${i}`));
    const loaded = await loadJobKnowledge(request({ prescriptionsPath: folder }), join(dir, "cache-p"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const messages = loaded.value.warnings.filter((w) => w.field === "prescriptionsPath").map((w) => w.message);
    expect(messages[0]).toBe("6 problems in the prescriptions: the units concerned were left out; the first 5 follow");
    expect(messages).toHaveLength(6);
    for (const [i, m] of messages.slice(1).entries()) expect(m).toMatch(new RegExp(`^bad-${i}\\.yaml: unit "BadStep${i}": .*score.*\\(left out\\)$`));
    expect(loaded.value.used.prescriptions?.units).toBe(1);
  });
});
