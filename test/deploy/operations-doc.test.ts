import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-data.js";
import { MAAT_VARIABLES } from "./maat-variables.js";

const doc = readFileSync(resolve(repoRoot, "docs/operations.md"), "utf8");
const rows = doc.split("\n").filter((l) => l.startsWith("| `MAAT_"));

describe("docs/operations.md", () => {
  it("has one configuration row per variable, naming its flag, and no row for another", () => {
    expect(rows.map((r) => /^\| `(MAAT_[A-Z_]+)`/.exec(r)?.[1]).sort()).toEqual(MAAT_VARIABLES.map((v) => v.name).sort());
    for (const v of MAAT_VARIABLES) {
      const row = rows.find((r) => r.startsWith(`| \`${v.name}\` |`)) ?? "";
      if (v.flag !== null) expect(row, v.name).toContain(`\`${v.flag}\``);
      for (const service of v.services) expect(row.split("|")[4], v.name).toContain(service);
    }
  });

  it("explains every maat_* metric the services register", () => {
    const source = readFileSync(resolve(repoRoot, "adapters/metrics/cluster-metrics.ts"), "utf8");
    const names = [...source.matchAll(/name: "(maat_[a-z_]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(11);
    for (const name of names) expect(doc, name).toMatch(new RegExp(`^\\| \`${name}(\\{[a-z]+\\})?\` \\|`, "m"));
  });

  it("covers deploying, scaling, failures and the local cluster", () => {
    for (const text of ["kubectl apply -n maat -k k8s/", "helm install maat helm/maat", "make cluster N=4", "make cluster-down",
      "maat advise --server", "port-forward", "HorizontalPodAutoscaler", "redeliver", "batch id", "ServiceMonitor"]) {
      expect(doc, text).toContain(text);
    }
  });
});
