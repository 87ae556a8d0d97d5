import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readScoresFile } from "../../adapters/scores-file/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { compileGraph } from "../../core/compile/index.js";
import { environmentFor } from "../../core/pep508/index.js";
import { buildPipeline, builtInUnits, unknownScoredPackages } from "../../core/pipeline/index.js";
import { recordingCatalog } from "../../core/catalog/index.js";
import { pinnedPackages } from "../../core/report/index.js";
import { highestScoreFirst, solve } from "../../core/resolver/index.js";
import { sharedData, SHARED_MISSING } from "../support/shared-data.js";

const graphFile = sharedData("pypi-graphs", "flask-graph.json");
if (graphFile === null) console.log(SHARED_MISSING);
const dir = mkdtempSync(join(tmpdir(), "maat-scores-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(graphFile === null)("--scores on the Flask graph", () => {
  it("a user score moves the resolution; a package outside the graph is reported once the graph is known", async () => {
    writeFileSync(join(dir, "s.json"), JSON.stringify({ Flask: { "1.1.2": 10 }, "no-such-project": { "1.0": 1 } }));
    const read = readScoresFile(join(dir, "s.json"));
    if (!read.ok) throw new Error(read.error);
    const environment = environmentFor({ python: "3.8", platform: "linux" });
    const catalog = recordingCatalog(loadGraphFile(graphFile as string));
    const pipeline = buildPipeline({
      recommendationType: "stable", environment, requirements: ["flask"], releases: catalog.releases,
      units: builtInUnits({ recommendationType: "stable", scores: read.table }),
    });
    const out = await compileGraph(catalog, { requirements: ["flask"], environment, ...pipeline.hooks });
    if (!out.ok) throw new Error(out.error.message);
    expect(unknownScoredPackages(read.table, out.graph)).toEqual(["no-such-project"]);
    const r = solve(out.graph, { preference: highestScoreFirst });
    expect(r.satisfiable && pinnedPackages(out.graph, r.pins).flask).toBe("1.1.2");
    expect(pipeline.breakdown("flask", "1.1.2").find((u) => u.unit === "scores-file")).toEqual({ unit: "scores-file", score: 10 });
  });
});
