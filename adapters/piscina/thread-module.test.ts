import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { threadModulePath } from "./thread-module.js";

describe("threadModulePath", () => {
  const root = mkdtempSync(join(tmpdir(), "maat-thread-module-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const source = pathToFileURL(join(root, "adapters/piscina/rollout-pool.ts")).href;

  it("names both places it looked when the module is not built", () => {
    expect(() => threadModulePath(source)).toThrow(
      `the rollout thread module is missing: neither ${join(root, "adapters/piscina/rollout-thread.js")} nor ${join(root, "dist/adapters/piscina/rollout-thread.js")} exists; build first with \`npx tsc -b\``,
    );
  });

  it("takes the compiled module under dist/ from source, and the sibling from dist/", () => {
    mkdirSync(join(root, "dist/adapters/piscina"), { recursive: true });
    writeFileSync(join(root, "dist/adapters/piscina/rollout-thread.js"), "export default () => null;\n");
    expect(threadModulePath(source)).toBe(join(root, "dist/adapters/piscina/rollout-thread.js"));
    expect(threadModulePath(pathToFileURL(join(root, "dist/adapters/piscina/rollout-pool.js")).href)).toBe(join(root, "dist/adapters/piscina/rollout-thread.js"));
  });
});
