/**
 * The advise benchmark suite (issue 13; `make bench-advise`): requests × objectives × predictors ×
 * budgets, each cell's regret to the proven optimum (or the best known), whether it is at or above
 * the resolver's stack, and stacks/s. Options are environment variables (the Makefile passes its
 * variables of the same names without the prefix):
 *
 * - ADVISE_REQUESTS: flask-2020, flask-today, tf21, pandas-test, dask-complete, chalice (default all)
 * - ADVISE_OBJECTIVES: stable, stable+prescriptions, random-1..3, random-1..3+pairwise (default all)
 * - ADVISE_PREDICTORS: mcts, td, annealing, hill-climbing, random-walk, latest, auto (default all;
 *   auto, the default predictor, runs in this build only)
 * - ADVISE_BUDGETS: stacks (default 1000,10000,100000); ADVISE_SEEDS: search seeds (default 1)
 * - ADVISE_BATCH: rollouts per batch (default ADVISE_DEFAULTS.batchSize, as maat advise)
 * - ADVISE_IN_FLIGHT: batches in flight (default ADVISE_DEFAULTS.inFlight, as maat advise)
 * - ADVISE_LEAF: rollouts per mcts or td request, k (default ADVISE_DEFAULTS.leafRollouts, as maat
 *   advise --leaf-rollouts: with stack rules only when they travel to the runner, else 1)
 * - ADVISE_EXACT_SECONDS: branch and bound's time limit per instance (default 20)
 * - ADVISE_BASELINE: another build's dist folder (e.g. main's) run beside this one as "before"
 * - ADVISE_OUT: a folder for advise-suite.json and advise-suite.svg (default: none written)
 *
 * Reports figures, asserts nothing.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { REQUESTS, buildInstance, loadKnowledge } from "./advise-suite/instances.js";
import { THIS_BUILD, loadBuild, runInstance, type Build, type InstanceResult } from "./advise-suite/run-suite.js";
import { suiteSettings } from "./advise-suite/suite-options.js";
import { suiteMarkdown, suiteSvg } from "./advise-suite/suite-report.js";

export async function bench(): Promise<string> {
  if (sharedData("pypi-graphs", "flask-graph.json") === null) return `## Advise suite\n\n${SHARED_MISSING}\n`;
  const settings = suiteSettings(process.env);
  const { requests, objectives, predictors, budgets, seeds, exactSeconds, batchSize, inFlight, leafRollouts } = settings;
  const baseline = process.env.ADVISE_BASELINE;
  const builds: Build[] = baseline ? [await loadBuild(baseline, "before"), THIS_BUILD] : [THIS_BUILD];
  const started = performance.now();
  const knowledge = await loadKnowledge(objectives.some((o) => o.includes("prescriptions")));
  const results: InstanceResult[] = [];
  const skipped: string[] = [];
  const load0 = loadavg();
  for (const name of requests) {
    const request = REQUESTS.find((r) => r.name === name)!;
    for (const objective of objectives) {
      const instance = await buildInstance(request, objective, knowledge);
      if (typeof instance === "string") {
        skipped.push(`${name} ${objective}: ${instance}`);
        continue;
      }
      results.push(await runInstance(instance, {
        predictors, budgets, seeds, exactSeconds, batchSize, inFlight, leafRollouts, builds,
        onCell: (text) => process.stderr.write(`${text}\n`),
      }));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const load1 = loadavg();
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace("T", " "), load: [load0[0], load1[0], load1[2]], cpus: cpus().length, node: process.versions.node, seconds,
    options: { ...settings, builds: builds.map((b) => b.label), baseline: baseline ?? null },
  };
  const out = process.env.ADVISE_OUT;
  if (out) {
    // One line per instance: diffable, a third of the indented size.
    writeFileSync(join(out, "advise-suite.json"), `{"meta": ${JSON.stringify(meta)},\n"instances": [\n${results.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`);
    writeFileSync(join(out, "advise-suite.svg"), suiteSvg(results, THIS_BUILD.label));
  }
  return ["## Advise suite (`make bench-advise`)", "", suiteMarkdown(results, meta), ...(skipped.length > 0 ? ["", "Skipped:", ...skipped.map((s) => `- ${s}`)] : [])].join("\n");
}
