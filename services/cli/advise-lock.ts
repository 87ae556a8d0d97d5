import type { AdviseRequest } from "../../core/advise/index.js";
import type { MaatConfig } from "../compose/maat-config.js";
import { openCatalog } from "./catalog-source.js";
import type { LockTarget } from "./lock-flags.js";
import { commandText, lockContextOf, lockedStackOf, missingHashesWarning, writeLock } from "./lock-output.js";
import type { RequestLine } from "./request-options.js";
import { UsageError } from "./usage-error.js";

/**
 * `maat advise --lock FILE [--lock-stack N]`: the report's N-th stack (the best by default) as a
 * lock file, its files and hashes from the request's index (opened again here, so a report from a
 * coordinator is locked the same way: index pages come from the knowledge store).
 */
export async function writeAdviseLock(
  target: LockTarget, stacks: readonly Readonly<Record<string, string>>[], request: AdviseRequest, line: RequestLine, config: MaatConfig, argv: readonly string[],
): Promise<void> {
  const pins = stacks[target.stack - 1];
  if (pins === undefined) throw new UsageError(`--lock-stack: the report has ${stacks.length} stack${stacks.length === 1 ? "" : "s"}, not ${target.stack}`);
  const opened = await openCatalog({ indexes: request.indexes, offline: request.offline, storePath: config.storePath });
  try {
    const stack = await lockedStackOf(opened.catalog, pins, request, line);
    process.stderr.write(`${writeLock(target, stack, lockContextOf(request, line, commandText(argv)))}\n`);
    const missing = missingHashesWarning(stack, request);
    if (missing !== null) process.stderr.write(`warning: ${missing}\n`);
  } finally {
    opened.close();
  }
}
