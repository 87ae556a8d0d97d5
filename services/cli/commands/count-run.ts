import { compileGraph } from "../../../core/compile/index.js";
import { countStacks } from "../../../core/count/index.js";
import { compileRequestOf } from "../../../core/request/index.js";
import { searchGraph } from "../../../core/resolution/index.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { openCatalog } from "../catalog-source.js";
import { defaultIndexHint, defaultIndexNote } from "../default-index.js";
import { parseRequest, type RequestFlags } from "../request-options.js";
import { UsageError } from "../usage-error.js";

/** `maat count`, loaded only when the command runs. */
export async function runCount(reqs: string[], flags: RequestFlags, config: MaatConfig): Promise<number> {
  const request = parseRequest(reqs, flags);
  const storePath = config.storePath;
  for (const note of request.line.notes) process.stderr.write(`note: ${note}\n`);
  if (request.defaultIndex) process.stderr.write(`${defaultIndexNote(request.offline, storePath)}\n`);
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath });
  try {
    const compiled = await compileGraph(opened.catalog, compileRequestOf(request));
    if (!compiled.ok) {
      const offline = compiled.error.kind === "offline" && request.defaultIndex;
      throw new UsageError(offline ? `${compiled.error.message}\n${defaultIndexHint(request.offline)}` : compiled.error.message);
    }
    const t0 = performance.now();
    const result = countStacks(searchGraph(compiled.graph));
    const ms = performance.now() - t0;
    if (result.status !== "exact") throw new UsageError(`counting stopped at its limit: ${JSON.stringify(result)}`);
    // A JSON number of any size: the count is exact, so it is written from the bigint, not a float.
    process.stdout.write(request.format === "json" ? `{"schema":"maat.count/1","stacks":${result.text}}\n` : `${result.text} valid stacks (counted in ${ms.toFixed(1)} ms)\n`);
    return 0;
  } finally {
    opened.close();
  }
}
