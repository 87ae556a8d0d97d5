import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { deploymentProblems } from "./deployment-problems.js";
import { baseObjects, k8sDir } from "./k8s-files.js";
import { k8sObjects, podTemplate, yamlDocuments, type K8sObject } from "./k8s-object.js";
import { available, runTool } from "./offline-tool.js";

const hasKubectl = available("kubectl");
const SKIP = "kubectl is not installed: `kubectl kustomize k8s/` not rendered (the manifests are still checked as written)";
if (!hasKubectl) console.log(`skipped: ${SKIP}`);

function render(dir: string): K8sObject[] {
  const r = runTool("kubectl", ["kustomize", dir]);
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${r.stderr}`);
  return k8sObjects(yamlDocuments(r.stdout, `kubectl kustomize ${dir}`));
}

/** k8s/ with every component, through an overlay in a temporary folder. */
function renderWithComponents(): K8sObject[] {
  const overlay = mkdtempSync(join(tmpdir(), "maat-overlay-"));
  try {
    const components = ["fixed-uid", "data-from-init", "service-monitor"].map((c) => relative(overlay, join(k8sDir, "components", c)));
    writeFileSync(join(overlay, "kustomization.yaml"), [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      `resources: [${JSON.stringify(relative(overlay, k8sDir))}]`,
      `components: ${JSON.stringify(components)}`,
      "",
    ].join("\n"));
    return render(overlay);
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}

describe.skipIf(!hasKubectl)("kubectl kustomize (offline)", () => {
  it("renders k8s/ into the manifests as written, labelled and with the image tagged", () => {
    const rendered = render(k8sDir);
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    expect(rendered.map(key).sort()).toEqual(baseObjects().map(key).sort());
    expect(deploymentProblems(rendered, { fixedUid: false })).toEqual([]);
    for (const o of rendered) expect(o.metadata.labels?.["app.kubernetes.io/part-of"], key(o)).toBe("maat");
    const images = rendered.flatMap((o) => podTemplate(o)?.spec.containers.map((c) => c.image) ?? []);
    expect(images.sort()).toEqual(["docker.io/library/nats:2.10.24-alpine", "localhost/maat:0.1.0", "localhost/maat:0.1.0"]); // every image fully qualified (CRI-O refuses short names)
  });

  it("renders an overlay with every component: fixed UIDs, /data from an init container, ServiceMonitors", () => {
    const rendered = renderWithComponents();
    expect(deploymentProblems(rendered, { fixedUid: true })).toEqual([]);
    const pods = rendered.flatMap((o) => { const t = podTemplate(o); return t === null ? [] : [t.spec]; });
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(rendered.some((o) => o.kind === "PersistentVolumeClaim")).toBe(false);
    const coordinator = rendered.find((o) => o.kind === "Deployment" && o.metadata.name === "maat-coordinator");
    const spec = coordinator === undefined ? null : podTemplate(coordinator)?.spec;
    expect(spec?.initContainers?.map((c) => [c.name, c.image])).toEqual([["fill-data", "localhost/maat-data"]]);
    expect(coordinator?.spec?.strategy).toEqual({ type: "RollingUpdate" });
    expect(spec?.volumes?.find((v) => v.name === "data")).toEqual({ name: "data", emptyDir: { sizeLimit: "4Gi" } });
    expect(rendered.filter((o) => o.kind === "ServiceMonitor").map((o) => o.metadata.name).sort()).toEqual(["maat-coordinator", "maat-worker"]);
  });
});


describe.skipIf(!hasKubectl)("kubectl kustomize k8s/scaling-experiment (offline)", () => {
  it("renders the scaling experiment's Job: against the coordinator with the worker count, one core, the data claim read-only on the coordinator's node", () => {
    const rendered = render(join(k8sDir, "scaling-experiment"));
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Job/maat-scaling-experiment"]);
    const job = rendered[0];
    expect(job.metadata.labels?.["app.kubernetes.io/part-of"]).toBe("maat");
    const spec = podTemplate(job)?.spec;
    const container = spec?.containers[0];
    expect(container?.image).toBe("localhost/maat:0.1.0");
    expect(container?.command).toEqual(["node", "/app/dist/test/scaling/scaling-experiment.js"]);
    expect(container?.args).toEqual(["--coordinator", "maat-coordinator:50051", "--workers", "2", "--data", "/data", "--quick"]);
    expect(container?.resources).toMatchObject({ limits: { cpu: "1" }, requests: { cpu: "1" } });
    expect(container?.volumeMounts).toContainEqual({ name: "data", mountPath: "/data", readOnly: true });
    expect(spec?.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "maat-data", readOnly: true } });
    expect(spec?.securityContext).toMatchObject({ runAsNonRoot: true });
    expect((job.spec as { backoffLimit?: number }).backoffLimit).toBe(0);
  });
});
