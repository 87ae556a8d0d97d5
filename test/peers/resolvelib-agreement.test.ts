/**
 * Maat and resolvelib (the engine inside pip, driven by test/peers/resolvelib-peer.py over the
 * same snapshot and environment) return the same resolution on the peer cases.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { environmentFor } from "../../core/pep508/index.js";
import { resolveRequest } from "../../core/resolution/index.js";
import { loadGraphFile } from "../../adapters/snapshot/index.js";
import { repoRoot, SHARED_MISSING, sharedData } from "../support/shared-data.js";
import { PEER_CASES } from "./peer-cases.js";

const data = sharedData();

describe("agreement with resolvelib", () => {
  if (data === null) console.log(SHARED_MISSING);

  for (const c of PEER_CASES.filter((c) => !c.hard)) {
    it.skipIf(data === null)(c.name, async () => {
      const index = join(data!, c.index);
      const peer = JSON.parse(execFileSync("python3", [join(repoRoot, "test/peers/resolvelib-peer.py"), "--index", index, "--python", c.python, "--timeout", "60", ...c.requirements], { encoding: "utf8", timeout: 90_000 }));
      const environment = environmentFor({ python: c.python, platform: "linux" });
      const outcome = await resolveRequest(loadGraphFile(index), { requirements: c.requirements, environment }, { now: () => 0 });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.value.resolution.satisfiable).toBe(peer.satisfiable);
      if (outcome.value.resolution.satisfiable) expect(outcome.value.resolution.packages).toEqual(peer.packages);
    });
  }
});
