import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseWorkerConfig } from "../../services/worker/config.js";
import { deploymentProblems } from "./deployment-problems.js";
import { COMPONENTS, baseObjects, k8sDir, loadResources, readKustomization } from "./k8s-files.js";
import { cpuCores, k8sObjects, notAnObject, podTemplate, type Container, type K8sObject } from "./k8s-object.js";

const objects = baseObjects();
const find = (kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`k8s/: no ${kind}/${name}`);
  return o;
};
const container = (kind: string, name: string, containerName: string): Container => {
  const c = podTemplate(find(kind, name))?.spec.containers.find((x) => x.name === containerName);
  if (c === undefined) throw new Error(`${kind}/${name}: no container ${containerName}`);
  return c;
};
const env = (c: Container, name: string) => c.env?.find((e) => e.name === name);

describe("k8s/ plain manifests", () => {
  it("the kustomization lists every manifest of k8s/, and each exists", () => {
    const listed = [...(readKustomization("").resources ?? [])].sort();
    const files = readdirSync(k8sDir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort();
    expect(listed).toEqual(files);
  });

  it("every document is an object with apiVersion, kind and metadata.name, unique per kind", () => {
    const loaded = [...loadResources(""), ...COMPONENTS.flatMap((c) => loadResources(`components/${c}`))];
    expect(loaded.length).toBeGreaterThanOrEqual(14);
    expect(loaded.map(({ file, doc }) => [file, notAnObject(doc)]).filter(([, p]) => p !== null)).toEqual([]);
    const keys = k8sObjects(loaded).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it("holds every deployment rule (documented variables, serve/worker, probes, ports, security)", () => {
    expect(deploymentProblems(objects, { fixedUid: false })).toEqual([]);
  });

  it("has the cluster's parts", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ConfigMap/maat-nats-config",
      "Deployment/maat-coordinator",
      "Deployment/maat-worker",
      "HorizontalPodAutoscaler/maat-worker",
      "NetworkPolicy/maat-nats",
      "PersistentVolumeClaim/maat-data",
      "PodDisruptionBudget/maat-worker",
      "Service/maat-coordinator",
      "Service/maat-nats",
      "Service/maat-nats-headless",
      "Service/maat-worker-metrics",
      "ServiceAccount/maat",
      "StatefulSet/maat-nats",
    ]);
  });

  it("nats: a StatefulSet with JetStream on a PersistentVolumeClaim, configured by its ConfigMap", () => {
    const nats = find("StatefulSet", "maat-nats");
    const claims = nats.spec?.volumeClaimTemplates as { metadata: { name: string } }[];
    expect(claims.map((c) => c.metadata.name)).toEqual(["data"]);
    const c = container("StatefulSet", "maat-nats", "nats");
    expect(c.volumeMounts?.find((m) => m.name === "data")?.mountPath).toBe("/data");
    expect(c.args).toEqual(["--config", "/etc/nats/nats.conf"]);
    const conf = find("ConfigMap", "maat-nats-config").data?.["nats.conf"] ?? "";
    expect(conf).toMatch(/^\s*jetstream\s*\{[^}]*store_dir:\s*\/data\s/m);
    expect(conf).toMatch(/^listen: 0\.0\.0\.0:4222$/m);
  });

  it("coordinator: gRPC on 50051 (TLS), probes on /healthz of the metrics port 9464, both behind its Service", () => {
    const c = container("Deployment", "maat-coordinator", "coordinator");
    expect(c.args).toEqual(["serve"]);
    expect(c.ports).toEqual([{ name: "grpc", containerPort: 50051 }, { name: "metrics", containerPort: 9464 }]);
    expect(c.readinessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(c.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(env(c, "MAAT_TLS_CERT")?.value).toBe("/etc/maat/tls/tls.crt");
    expect(env(c, "MAAT_TOKEN_FILE")?.value).toBe("/etc/maat/tokens/tokens");
    expect(env(c, "MAAT_DATA_ROOTS")?.value).toBe("/data");
    expect(env(c, "MAAT_LISTEN")?.value).toBe("0.0.0.0:50051");
    expect(env(c, "MAAT_METRICS_LISTEN")?.value).toBe("0.0.0.0:9464");
    expect(env(c, "MAAT_NATS_URL")?.value).toBe("nats://maat-nats:4222");
    const ports = (find("Service", "maat-coordinator").spec?.ports as { name: string; port: number }[]).map((p) => [p.name, p.port]);
    expect(ports).toEqual([["grpc", 50051], ["metrics", 9464]]);
  });

  it("worker: threads = CPU limit, 45 s grace, metrics on 9464, an HPA on CPU and a PDB", () => {
    const worker = find("Deployment", "maat-worker");
    expect(podTemplate(worker)?.spec.terminationGracePeriodSeconds).toBe(45);
    const c = container("Deployment", "maat-worker", "worker");
    expect(c.args).toEqual(["worker"]);
    expect(env(c, "MAAT_THREADS")?.valueFrom?.resourceFieldRef).toEqual({ containerName: "worker", resource: "limits.cpu", divisor: "1" });
    expect(c.ports).toEqual([{ name: "metrics", containerPort: 9464 }]);
    const hpa = find("HorizontalPodAutoscaler", "maat-worker").spec as { scaleTargetRef: { name: string }; minReplicas: number; maxReplicas: number };
    expect(hpa.scaleTargetRef.name).toBe("maat-worker");
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    expect(find("PodDisruptionBudget", "maat-worker").spec?.maxUnavailable).toBe(1);
  });

  it("the worker's environment, as the kubelet fills it in, is what maat worker accepts", () => {
    const c = container("Deployment", "maat-worker", "worker");
    const podName = "maat-worker-5d8f7c9b4-x2k9q";
    const values: Record<string, string> = {};
    for (const e of c.env ?? []) {
      const from = e.valueFrom;
      if (e.value !== undefined) values[e.name] = e.value;
      else if (from?.fieldRef?.fieldPath === "metadata.name") values[e.name] = podName;
      else if (from?.resourceFieldRef?.resource === "limits.cpu") values[e.name] = String(Math.ceil(cpuCores(c.resources?.limits?.cpu) / cpuCores(from.resourceFieldRef.divisor ?? "1")));
      else throw new Error(`${e.name}: a source this test does not fill in`);
    }
    const outcome = parseWorkerConfig({}, values, { hostname: "ignored", pid: 1, availableParallelism: 64 });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value.threads).toBe(2);
    expect(outcome.value.workerId).toBe(podName);
    expect(outcome.value.natsUrl).toBe("nats://maat-nats:4222");
    expect(outcome.value.metricsListen).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(outcome.value.ackWaitMs).toBe(30_000);
  });

  it("the components are kustomize Components whose resources and patches parse", () => {
    for (const name of COMPONENTS) {
      const k = readKustomization(`components/${name}`);
      expect(k.kind, name).toBe("Component");
      for (const p of k.patches ?? []) expect(parse(p.patch ?? ""), `${name} patch`).toBeTypeOf("object");
    }
    const monitors = k8sObjects(loadResources("components/service-monitor"));
    expect(monitors.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(["ServiceMonitor/maat-coordinator", "ServiceMonitor/maat-worker"]);
    for (const m of monitors) {
      const selector = (m.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      const services = objects.filter((o) => o.kind === "Service" && Object.entries(selector).every(([k, v]) => o.metadata.labels?.[k] === v));
      expect(services.length, m.metadata.name).toBe(1);
      expect((services[0].spec?.ports as { name: string }[]).map((p) => p.name)).toContain("metrics");
    }
  });
});
