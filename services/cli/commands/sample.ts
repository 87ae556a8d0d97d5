import type { Command } from "commander";
import type { MaatConfig } from "../../compose/maat-config.js";
import { withRequestOptions } from "../request-flags.js";
import type { SampleFlags } from "./sample-run.js";

export function registerSample(program: Command, config: MaatConfig): void {
  withRequestOptions(program.command("sample"))
    .description("draw N distinct valid stacks of a request, seeded (Thoth's dependency monkey): uniformly at random over all valid stacks, "
      + "which exact counting makes possible, or by random decisions (exit 0; 1: no stack; 2: bad input)")
    .option("--count <n>", "how many distinct stacks (default 10; all of them when there are fewer)")
    .option("--seed <s>", "seed of the draws (default 0): the same request and seed give the same stacks")
    .option("--rule <rule>", "uniform (default: each valid stack equally likely) or random (each version equally likely among those that leave a stack)")
    .option("--uniform", "the same as --rule uniform")
    .option("--out <dir>", "also write each stack as a lock file DIR/stack-NNN.txt (requirements file; hashes when the index gives them)")
    .action(async (reqs: string[], flags: SampleFlags) => {
      const { runSample } = await import("./sample-run.js");
      process.exitCode = await runSample(reqs, flags, config);
    });
}
