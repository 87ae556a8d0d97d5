import type { AdviseRequest } from "../../../core/advise/index.js";
import { normalizeName } from "../../../core/pep508/index.js";
import { formatVersion, parseVersion } from "../../../core/pep440/index.js";
import { runAdviseJob } from "../../compose/advise-job.js";
import { CommandFailure } from "../../compose/command-failure.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { failureText } from "../field-flag.js";

type Pins = Readonly<Record<string, string>>;

const canonical = (v: string): string => {
  const parsed = parseVersion(v);
  return parsed.ok ? formatVersion(parsed.value) : v;
};

/** Names normalized (PEP 503), versions in PEP 440's normal form. */
export const canonicalPins = (pins: Pins): Pins => Object.fromEntries(Object.entries(pins).map(([n, v]) => [normalizeName(n), canonical(v)]));

/**
 * The best stack of an advise in this process (null when none satisfies the request). Its warnings
 * go to stderr once: a caller that advises twice passes the same `warned` set.
 */
export async function advisedStack(request: AdviseRequest, config: MaatConfig, warned: Set<string> = new Set()): Promise<Pins | null> {
  const outcome = await runAdviseJob(request, {
    storePath: config.storePath,
    now: () => performance.now(),
    openRunner: async (graph) => {
      const { RolloutPool, createThreadRunner } = await import("../../../adapters/piscina/index.js");
      const pool = new RolloutPool();
      return { ok: true, value: { ...createThreadRunner(pool, graph), close: () => pool.destroy() } };
    },
  });
  if (!outcome.ok) throw new CommandFailure(outcome.error, failureText(outcome.error));
  for (const w of outcome.value.warnings) {
    const text = failureText(w);
    if (!warned.has(text)) process.stderr.write(`warning: ${text}\n`);
    warned.add(text);
  }
  const best = outcome.value.report.products[0];
  if (best === undefined && outcome.value.explanation !== null) process.stderr.write(`${outcome.value.explanation}\n`);
  return best === undefined ? null : canonicalPins(best.packages);
}

