import { countStacks } from "../../../core/count/index.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { parseRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";
import { withSearchGraph } from "./request-search-graph.js";

/** `maat count`, loaded only when the command runs. */
export async function runCount(reqs: string[], flags: RequestFlags, config: MaatConfig): Promise<number> {
  const request = parseRequest(reqs, flags);
  return withSearchGraph(request, config, async (graph) => {
    const t0 = performance.now();
    const result = countStacks(graph);
    const ms = performance.now() - t0;
    if (result.status !== "exact") throw new UsageError(`counting stopped at its limit: ${JSON.stringify(result)}`);
    // A JSON number of any size: the count is exact, so it is written from the bigint, not a float.
    process.stdout.write(request.format === "json" ? `{"schema":"maat.count/1","stacks":${result.text}}\n` : `${result.text} valid stacks (counted in ${ms.toFixed(1)} ms)\n`);
    return 0;
  });
}
