import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SAMPLE_RULES, sampleStacks, type SampleRule } from "../../../core/count/index.js";
import { EXIT_CODES } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { commandText, lockContextOf, lockedStackOf, writeLock } from "../lock-output.js";
import { parseRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { withSearchGraph } from "./request-search-graph.js";

export interface SampleFlags extends RequestFlags {
  readonly count?: string;
  readonly seed?: string;
  readonly rule?: string;
  readonly uniform?: boolean;
  readonly out?: string;
}

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function ruleOf(flags: SampleFlags): SampleRule {
  if (flags.rule === undefined) return "uniform";
  if (flags.uniform === true && flags.rule !== "uniform") throw new UsageError(`--uniform: conflicts with --rule ${flags.rule}`);
  if (!(SAMPLE_RULES as readonly string[]).includes(flags.rule)) throw new UsageError(`--rule: expected ${SAMPLE_RULES.join(" or ")}, got ${JSON.stringify(flags.rule)}`);
  return flags.rule as SampleRule;
}

/**
 * `maat sample`: N distinct valid stacks of a request, seeded. JSON: one object per line
 * (`{"schema":"maat.sample/1","index":i,"packages":{...}}`); text: one line per stack of pins; the
 * count of all stacks and the draws on stderr. Exit 0 with stacks, 1 without, 2 bad input.
 */
export async function runSample(reqs: string[], flags: SampleFlags, config: MaatConfig, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const count = wholeNumber("--count", flags.count, 10, 1, 1_000_000);
  const seed = wholeNumber("--seed", flags.seed, 0, 0, 0xffffffff);
  const rule = ruleOf(flags);
  const request = parseRequest(reqs, flags);
  return withSearchGraph(request, config, async (graph, catalog) => {
    const t0 = performance.now();
    // The stacks `maat count` counts and the search sees.
    const sampled = sampleStacks(graph, { count, seed, rule });
    const ms = performance.now() - t0;
    if (sampled.status !== "ok") throw new UsageError("counting stopped at its limit: the request's graph is too large to sample by its count");
    if (sampled.stacks.length === 0) {
      process.stderr.write("no valid stack: the request is unsatisfiable (maat resolve explains why)\n");
      return EXIT_CODES["no-stack"];
    }
    sampled.stacks.forEach((packages, i) => {
      process.stdout.write(request.format === "json"
        ? `${JSON.stringify({ schema: "maat.sample/1", index: i + 1, rule, seed, packages })}\n`
        : `${Object.entries(packages).map(([n, v]) => `${n}==${v}`).join(" ")}\n`);
    });
    process.stderr.write(`${sampled.stacks.length} distinct stacks of ${sampled.total} valid (${rule}, seed ${seed}; ${sampled.draws} draws in ${ms.toFixed(1)} ms)\n`);
    if (flags.out !== undefined) {
      mkdirSync(flags.out, { recursive: true });
      const context = lockContextOf(request, request.line, commandText(argv));
      for (const [i, packages] of sampled.stacks.entries()) {
        const path = join(flags.out, `stack-${String(i + 1).padStart(3, "0")}.txt`);
        const stack = await lockedStackOf(catalog, packages, request, request.line);
        writeLock({ path, format: "requirements", stack: 1 }, stack, context);
      }
      process.stderr.write(`wrote ${sampled.stacks.length} lock files to ${flags.out}\n`);
    }
    return EXIT_CODES.stack;
  });
}
