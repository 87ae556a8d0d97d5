/**
 * Issue 15 item 7, the operator's view: the Grafana dashboard (helm/maat/dashboards/maat.json, the
 * same JSON in k8s/components/monitoring/) and the PrometheusRule alerts (helm/maat/rules/maat.yaml,
 * the same spec in k8s/components/monitoring/) query only metrics the services register; the rules
 * pass promtool; the NetworkPolicy lets only the coordinator and the workers reach NATS.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createClusterMetrics } from "../../adapters/metrics/index.js";
import { repoRoot } from "../support/shared-data.js";

const read = (path: string) => readFileSync(resolve(repoRoot, path), "utf8");
const dashboard = JSON.parse(read("helm/maat/dashboards/maat.json")) as { panels: { title: string; targets: { expr: string }[] }[] };
const rules = parse(read("helm/maat/rules/maat.yaml")) as { groups: { rules: { alert: string; expr: string }[] }[] };
const promtool = spawnSync("promtool", ["--version"], { encoding: "utf8" }).status === 0;

/** The names of every metric a registry of either role exports (histograms with their series). */
async function registered(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const role of ["coordinator", "worker"]) {
    const metrics = createClusterMetrics({ role, processMetrics: true });
    for (const m of await metrics.registry.getMetricsAsJSON()) {
      names.add(m.name);
      if (String(m.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(m.name + suffix);
    }
  }
  return names;
}

const metricNames = (expr: string) => [...expr.matchAll(/\bmaat_[a-z_]+/g)].map((m) => m[0]);

describe("the operator's view", () => {
  it("ships one dashboard, the same JSON in the chart and in k8s/, with the issue's panels", () => {
    expect(read("k8s/components/monitoring/maat.json")).toBe(read("helm/maat/dashboards/maat.json"));
    const titles = dashboard.panels.map((p) => p.title).join(" | ");
    for (const topic of [/Advises by outcome/, /Stacks scored per second/, /queue depth/i, /Batch latency/, /Redeliveries/, /Worker utilisation/, /best score/, /gap/]) expect(titles).toMatch(topic);
  });

  it("queries only metrics the coordinator and the workers register", async () => {
    const known = await registered();
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr)));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((n) => !known.has(n))).toEqual([]);
    const alerting = rules.groups.flatMap((g) => g.rules.flatMap((r) => metricNames(r.expr)));
    expect(alerting.filter((n) => !known.has(n))).toEqual([]);
  });

  it("alerts on the queue growing, workers absent and advises failing; the same rules in k8s/", () => {
    expect(rules.groups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual(expect.arrayContaining(["MaatQueueGrowing", "MaatWorkersAbsent", "MaatAdvisesFailing"]));
    const k8s = parse(read("k8s/components/monitoring/prometheus-rule.yaml")) as { kind: string; spec: unknown };
    expect(k8s.kind).toBe("PrometheusRule");
    expect(k8s.spec).toEqual(rules);
  });

  (promtool ? it : it.skip)(promtool ? "passes promtool check rules" : "promtool check rules: skipped, promtool not installed (Debian package prometheus)", () => {
    const r = spawnSync("promtool", ["check", "rules", resolve(repoRoot, "helm/maat/rules/maat.yaml")], { encoding: "utf8", timeout: 20_000 });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: 4 rules found/);
    expect(r.status).toBe(0);
  });

  it("lets only the coordinator and the workers reach NATS's client port", () => {
    const policy = parse(read("k8s/nats-network-policy.yaml")) as { spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] } };
    expect(policy.spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "nats", "app.kubernetes.io/component": "nats" });
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].from.map((f) => f.podSelector.matchLabels["app.kubernetes.io/component"]).sort()).toEqual(["coordinator", "worker"]);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 4222, protocol: "TCP" }]);
    expect(read("k8s/kustomization.yaml")).toMatch(/- nats-network-policy\.yaml/);
  });
});
