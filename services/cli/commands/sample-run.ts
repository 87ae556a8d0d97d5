import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { lockFormatOf, readLockedPins } from "../../../adapters/formats/index.js";
import { validateAdviseRequest } from "../../../core/advise/index.js";
import { replayStack, SAMPLE_RULES, sampleStacks, type SampleRule } from "../../../core/count/index.js";
import type { CompiledGraph } from "../../../core/graph/index.js";
import { EXIT_CODES } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { commandText, lockContextOf, lockedStackOf, writeLock } from "../lock-output.js";
import { commandFailure } from "../field-flag.js";
import { parseRequest, type ParsedRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { advisedStack, canonicalPins } from "./advised-stack.js";
import { withSearchGraph } from "./request-search-graph.js";

export interface SampleFlags extends RequestFlags {
  readonly count?: string;
  readonly seed?: string;
  readonly rule?: string;
  readonly uniform?: boolean;
  readonly out?: string;
  readonly base?: string;
}

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function ruleOf(flags: SampleFlags): SampleRule {
  if (flags.rule === undefined) return "uniform";
  if (!(SAMPLE_RULES as readonly string[]).includes(flags.rule)) {
    throw new UsageError(`--rule: expected ${SAMPLE_RULES.slice(0, -1).join(", ")} or ${SAMPLE_RULES.at(-1)}, got ${JSON.stringify(flags.rule)}`);
  }
  if (flags.uniform === true && flags.rule !== "uniform") throw new UsageError(`--uniform: conflicts with --rule ${flags.rule}`);
  if (flags.base !== undefined && flags.rule !== "one-change") throw new UsageError(`--base: only the one-change rule varies a base stack (--rule ${flags.rule} given)`);
  return flags.rule as SampleRule;
}

/**
 * The stack one-change varies: the lock --base names, else the advised stack (maat advise's
 * defaults for the same request: stable, no knowledge, seed 0), said on stderr.
 */
async function baseStack(flags: SampleFlags, request: ParsedRequest, graph: CompiledGraph, config: MaatConfig): Promise<Readonly<Record<string, string>>> {
  let base: Readonly<Record<string, string>> | null;
  if (flags.base !== undefined) {
    const format = lockFormatOf(flags.base);
    if (!format.ok) throw new UsageError(`--base: ${format.error}`);
    const read = readLockedPins(flags.base);
    if (!read.ok) throw new UsageError(`--base: ${read.error}`);
    base = canonicalPins(read.value);
    if (Object.keys(base).length === 0) throw new UsageError(`--base: ${flags.base} pins no package`);
  } else {
    const validated = validateAdviseRequest({ ...request.line.input, recommendation: request.line.recommendation, count: "1" });
    if (!validated.ok) throw commandFailure(validated.error);
    base = await advisedStack(validated.value, config);
    if (base === null) throw new UsageError("one-change: maat advise finds no stack for the request to vary");
  }
  const valid = replayStack(graph, base) !== null;
  const names = Object.entries(base).map(([n, v]) => `${n}==${v}`).join(" ");
  process.stderr.write(`one-change: varying ${flags.base === undefined ? "the advised stack" : flags.base} (${names})${valid ? "" : "; note: it is not itself a stack of this request"}\n`);
  return base;
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
    const base = rule === "one-change" ? await baseStack(flags, request, graph, config) : undefined;
    const t0 = performance.now();
    // The stacks `maat count` counts and the search sees.
    const sampled = sampleStacks(graph, { count, seed, rule, ...(base !== undefined ? { base } : {}) });
    const ms = performance.now() - t0;
    if (sampled.status !== "ok") throw new UsageError("counting stopped at its limit: the request's graph is too large to sample by its count");
    if (sampled.stacks.length === 0) {
      process.stderr.write(base !== undefined
        ? "no valid stack differs from the base in exactly one package's version\n"
        : "no valid stack: the request is unsatisfiable (maat resolve explains why)\n");
      return EXIT_CODES["no-stack"];
    }
    sampled.stacks.forEach((packages, i) => {
      const changed = base === undefined ? undefined : Object.keys(packages).find((n) => packages[n] !== base[n]);
      const change = changed === undefined ? {} : { change: { package: changed, old: base![changed]!, new: packages[changed]! } };
      process.stdout.write(request.format === "json"
        ? `${JSON.stringify({ schema: "maat.sample/1", index: i + 1, rule, seed, packages, ...change })}\n`
        : `${Object.entries(packages).map(([n, v]) => `${n}==${v}`).join(" ")}\n`);
    });
    const of = base !== undefined ? "one-change stacks" : "valid";
    const drew = base !== undefined ? "found" : rule === "newest" || rule === "oldest" ? "ranks" : "draws";
    process.stderr.write(`${sampled.stacks.length} distinct stacks of ${sampled.total} ${of} (${rule}, seed ${seed}; ${sampled.draws} ${drew} in ${ms.toFixed(1)} ms)\n`);
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
