import type { Command } from "commander";
import type { MaatConfig } from "../../compose/maat-config.js";
import { withRequestOptions } from "../request-flags.js";
import type { SampleFlags } from "./sample-run.js";

export function registerSample(program: Command, config: MaatConfig): void {
  withRequestOptions(program.command("sample"))
    .description("draw N distinct valid stacks of a request, seeded (Thoth's dependency monkey): uniformly at random over all valid stacks, "
      + "which exact counting makes possible, or by a decision rule: random, newest, oldest, one version change from the advised stack (exit 0; 1: no stack; 2: bad input)")
    .option("--count <n>", "how many distinct stacks (default 10; all of them when there are fewer)")
    .option("--seed <s>", "seed of the draws (default 0): the same request and seed give the same stacks")
    .option("--rule <rule>", "uniform (default: each valid stack equally likely, by the exact count); random (each version equally likely among those that leave a stack); "
      + "newest / oldest (the stacks in lexicographic order over the packages' decisions, newest / oldest versions first: the first is the newest-first / oldest-first "
      + "resolution, no later stack is newer / older in every package; not seeded); one-change (the stacks that differ from the advised stack, or --base, in exactly one "
      + "package's version, in seeded order)")
    .option("--uniform", "the same as --rule uniform")
    .option("--base <lock>", "with --rule one-change: the stack to vary, as a lock file (default: the advised stack, maat advise's defaults for the same request)")
    .option("--out <dir>", "also write each stack as a lock file DIR/stack-NNN.txt (requirements file; hashes when the index gives them)")
    .action(async (reqs: string[], flags: SampleFlags) => {
      const { runSample } = await import("./sample-run.js");
      process.exitCode = await runSample(reqs, flags, config);
    });
}
