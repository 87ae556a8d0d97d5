import { describe, expect, it } from "vitest";
import { deploymentProblems } from "./deployment-problems.js";
import { chartDir } from "./helm-files.js";
import { k8sObjects, podTemplate, yamlDocuments, type K8sObject } from "./k8s-object.js";
import { available, runTool } from "./offline-tool.js";

const hasHelm = available("helm");
const SKIP = "helm is not installed: the chart is not linted or rendered (its templates are still checked as text)";
if (!hasHelm) console.log(`skipped: ${SKIP}`);

/** `helm template` offline (no cluster: --kube-version and --api-versions stand for it). */
function render(...args: string[]): K8sObject[] {
  const r = runTool("helm", ["template", "maat", chartDir, "--namespace", "maat", "--kube-version", "1.30.0", ...args]);
  if (r.status !== 0) throw new Error(`helm template ${args.join(" ")}: ${r.stderr}`);
  return k8sObjects(yamlDocuments(r.stdout, `helm template ${args.join(" ")}`));
}
const pods = (objects: readonly K8sObject[]) => objects.flatMap((o) => { const t = podTemplate(o); return t === null ? [] : [{ owner: o, spec: t.spec }]; });
const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

describe.skipIf(!hasHelm)("helm (offline)", () => {
  it("lints", () => {
    const r = runTool("helm", ["lint", chartDir]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("renders the defaults: every deployment rule, fixed UIDs off OpenShift", () => {
    const objects = render();
    expect(deploymentProblems(objects, { fixedUid: true })).toEqual([]);
    expect(objects.map(key).sort()).toEqual([
      "ConfigMap/maat-nats-config", "Deployment/maat-coordinator", "Deployment/maat-worker", "HorizontalPodAutoscaler/maat-worker",
      "PersistentVolumeClaim/maat-data", "PodDisruptionBudget/maat-worker", "Service/maat-coordinator", "Service/maat-nats",
      "Service/maat-nats-headless", "Service/maat-worker-metrics", "ServiceAccount/maat", "StatefulSet/maat-nats",
    ]);
    for (const { spec } of pods(objects)) expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
  });

  it("renders for OpenShift without any fixed UID", () => {
    const objects = render("--api-versions", "security.openshift.io/v1");
    expect(deploymentProblems(objects, { fixedUid: false })).toEqual([]);
    for (const { spec } of pods(objects)) expect(spec.securityContext?.runAsUser).toBeUndefined();
  });

  it("renders external NATS, /data from an init container, a persistent store, fixed workers and ServiceMonitors", () => {
    const objects = render(
      "--set", "nats.enabled=false", "--set", "nats.url=nats://nats.messaging:4222",
      "--set", "data.source=emptyDir", "--set", "data.init.enabled=true", "--set", "data.init.image=registry.example.com/maat-data:1",
      "--set", "store.persistence.enabled=true", "--set", "worker.autoscaling.enabled=false", "--set", "worker.replicas=3",
      "--set", "worker.threads=2", "--set", "metrics.serviceMonitor.enabled=true",
    );
    expect(deploymentProblems(objects, { fixedUid: true })).toEqual([]);
    const kinds = objects.map(key);
    expect(kinds.filter((k) => /nats/.test(k))).toEqual([]);
    expect(kinds).not.toContain("HorizontalPodAutoscaler/maat-worker");
    expect(kinds).toContain("PersistentVolumeClaim/maat-store");
    expect(kinds.filter((k) => k.startsWith("ServiceMonitor/")).sort()).toEqual(["ServiceMonitor/maat-coordinator", "ServiceMonitor/maat-worker"]);
    const coordinator = pods(objects).find(({ owner }) => owner.metadata.name === "maat-coordinator")?.spec;
    expect(coordinator?.initContainers?.map((c) => c.image)).toEqual(["registry.example.com/maat-data:1"]);
    expect(coordinator?.containers[0].env?.find((e) => e.name === "MAAT_NATS_URL")?.value).toBe("nats://nats.messaging:4222");
    const worker = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "maat-worker");
    expect(worker?.spec?.replicas).toBe(3);
  });

  it("refuses nats.enabled=false without nats.url, and an unknown data.source", () => {
    const base = ["template", "maat", chartDir, "--kube-version", "1.30.0"];
    const noUrl = runTool("helm", [...base, "--set", "nats.enabled=false"]);
    expect(noUrl.status).not.toBe(0);
    expect(noUrl.stderr).toContain("nats.url is required when nats.enabled is false");
    const badSource = runTool("helm", [...base, "--set", "data.source=hostPath"]);
    expect(badSource.status).not.toBe(0);
    expect(badSource.stderr).toContain("data.source must be persistentVolumeClaim, emptyDir or none");
  });
});

