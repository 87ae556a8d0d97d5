import type { Command } from "commander";

export interface ExperimentFlags {
  readonly seeds: string;
  readonly scoreSeed: string;
  readonly predictors: string;
  readonly out: string;
  readonly data: string;
}

export function registerExperiment(program: Command): void {
  program
    .command("experiment")
    .description("a predictor experiment: random additive scores (no recency), every rollout predictor against the proven optimum, median and worst of the seeds; flask: the universe of Thoth's published run; tensorflow: tensorflow==2.1.0 on the tf21 graph, Python 3.7")
    .argument("<name>", "flask or tensorflow")
    .option("--seeds <n>", "searches per predictor, seeds 1..n", "10")
    .option("--score-seed <s>", "seed of the random score per (package, version)", "2020")
    .option("--predictors <list>", "comma-separated predictors", "mcts,td,annealing,hill-climbing,random-walk,latest")
    .option("--out <dir>", "where to write NAME-experiment.json and NAME-experiment.svg", "docs")
    .option("--data <dir>", "the pypi-graphs folder", "../shared/data/pypi-graphs")
    .action(async (name: string, flags: ExperimentFlags) => {
      const { runExperimentCommand } = await import("./experiment-run.js");
      process.exitCode = await runExperimentCommand(name, flags);
    });
}
