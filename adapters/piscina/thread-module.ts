import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The path of the compiled thread module, for a module of this folder at `from`. From dist/ it is
 * the sibling rollout-thread.js; when this adapter is imported from TypeScript source (vitest),
 * Node 20 cannot run a .ts file in a thread, so it is the compiled
 * dist/adapters/piscina/rollout-thread.js (build first: `npx tsc -b`).
 */
export function threadModulePath(from: string = import.meta.url): string {
  const sibling = fileURLToPath(new URL("./rollout-thread.js", from));
  if (existsSync(sibling)) return sibling;
  const compiled = fileURLToPath(new URL("../../dist/adapters/piscina/rollout-thread.js", from));
  if (existsSync(compiled)) return compiled;
  throw new Error(`the rollout thread module is missing: neither ${sibling} nor ${compiled} exists; build first with \`npx tsc -b\``);
}
