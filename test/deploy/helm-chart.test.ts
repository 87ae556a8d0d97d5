import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../support/shared-data.js";
import { isMaatContainer } from "./deployment-problems.js";
import { blockProblem, defines, hasPath, stripGoTemplate, valuesReferences } from "./go-template-text.js";
import { chartValues, readChartFile, strippedTemplates, templateTexts } from "./helm-files.js";
import { baseObjects, k8sDir } from "./k8s-files.js";
import { k8sObjects, notAnObject, podTemplate, type Container, type ContainerSecurityContext, type K8sObject, type PodSecurityContext } from "./k8s-object.js";
import { maatVariable, MAAT_VARIABLES } from "./maat-variables.js";

const values = chartValues();
const objects = k8sObjects(strippedTemplates());
const packageVersion = (JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/** The chart's Maat containers by name, with their pods. */
function containers(source: readonly K8sObject[]): { readonly owner: K8sObject; readonly container: Container; readonly init: boolean }[] {
  return source.flatMap((o) => {
    const t = podTemplate(o);
    if (t === null) return [];
    return [...(t.spec.initContainers ?? []).map((c) => ({ owner: o, container: c, init: true })), ...t.spec.containers.map((c) => ({ owner: o, container: c, init: false }))];
  });
}
const serviceOfName: Record<string, "serve" | "worker"> = { coordinator: "serve", worker: "worker" };

/**
 * A value with its «.Values.a.b» placeholders replaced by values.yaml's defaults; null when another
 * action is in it, or a default is null (the branch that renders it is not taken by default).
 */
function withDefaults(text: string): string | null {
  let other = false;
  const out = text.replace(/«([^»]*)»/g, (_all, action: string) => {
    const m = /^\.Values((?:\.\w+)+)(?: int)?(?: quote)?$/.exec(action);
    if (!m) { other = true; return ""; }
    let node: unknown = values;
    for (const key of m[1].slice(1).split(".")) node = (node as Record<string, unknown>)[key];
    if (node === null || node === undefined) other = true;
    return String(node);
  });
  return other ? null : out;
}

describe("helm/maat", () => {
  it("Chart.yaml and values.yaml parse; the app version is package.json's, as is k8s/'s image tag", () => {
    const chart = parse(readChartFile("Chart.yaml")) as Record<string, unknown>;
    expect(chart).toMatchObject({ apiVersion: "v2", name: "maat", type: "application" });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.appVersion).toBe(packageVersion);
    expect(values).toMatchObject({ image: { repository: "localhost/maat" }, nats: { enabled: true }, worker: { autoscaling: { enabled: true } } });
    const kustomization = parse(readFileSync(resolve(k8sDir, "kustomization.yaml"), "utf8")) as { images: { name: string; newTag: string }[] };
    expect(kustomization.images.find((i) => i.name === "maat")?.newTag).toBe(packageVersion);
  });

  it("every template's if/with/range/define blocks nest", () => {
    const problems = [...templateTexts()].map(([name, text]) => [name, blockProblem(text)]).filter(([, p]) => p !== null);
    expect(problems).toEqual([]);
  });

  it("every .Values path the templates reference exists in values.yaml", () => {
    const missing: string[] = [];
    let count = 0;
    for (const [name, text] of templateTexts()) {
      for (const keys of valuesReferences(text)) {
        count += 1;
        if (!hasPath(values, keys)) missing.push(`${name}: .Values.${keys.join(".")}`);
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("every manifest template, stripped of its actions, is objects with apiVersion, kind and metadata.name", () => {
    const names = [...templateTexts().keys()];
    expect(names).toContain("_helpers.tpl");
    expect(names).toContain("NOTES.txt");
    const loaded = strippedTemplates();
    expect(loaded.map(({ file, doc }) => [file, notAnObject(doc)]).filter(([, p]) => p !== null)).toEqual([]);
    // The chart holds what k8s/ holds (names differ by the release's prefix), ServiceMonitors, and
    // the scaling experiment's Job (k8s/scaling-experiment, off by default), and the operator's view
    // of k8s/components/ (dashboard ConfigMap, PrometheusRule, OpenShift Route).
    const kinds = (list: readonly K8sObject[]) => list.map((o) => o.kind).sort();
    expect(kinds(objects)).toEqual([...kinds(baseObjects()), "Job", "PersistentVolumeClaim", "ServiceMonitor", "ServiceMonitor", "ConfigMap", "PrometheusRule", "Route"].sort());
  });

  it("every MAAT_* name in k8s/ and helm/ (templates, values, comments) is a documented variable", () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile()).map((e) => resolve(e.parentPath, e.name));
    const unknown = new Set<string>();
    for (const file of [...files(k8sDir), ...files(resolve(repoRoot, "helm"))]) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bMAAT_[A-Z0-9_]*[A-Z0-9]/g)) if (maatVariable(m[0]) === undefined) unknown.add(`${file}: ${m[0]}`);
    }
    expect([...unknown]).toEqual([]);
  });

  it("containers: coordinator runs serve, worker runs worker, each with only its own variables, as k8s/ sets them", () => {
    const found = containers(objects).filter(({ container }) => container.name in serviceOfName);
    expect(found.map(({ container }) => container.name).sort()).toEqual(["coordinator", "worker"]);
    const k8s = containers(baseObjects());
    for (const { container } of found) {
      const service = serviceOfName[container.name];
      expect(container.args, container.name).toEqual([service]);
      expect(container.image).toBe("«include maat.image . quote»");
      const names = (container.env ?? []).map((e) => e.name).filter((n) => n.startsWith("MAAT_"));
      for (const n of names) expect(maatVariable(n)?.services, `${container.name}: ${n}`).toContain(service);
      // The same variables as k8s/, and with values.yaml's defaults the same values.
      const twin = k8s.find((k) => k.container.name === container.name)?.container;
      expect(names.sort()).toEqual((twin?.env ?? []).map((e) => e.name).filter((n) => n.startsWith("MAAT_")).sort());
      for (const e of container.env ?? []) {
        const value = e.value === undefined ? null : withDefaults(e.value);
        if (value === null) continue;
        expect(value, `${container.name}: ${e.name}`).toBe(twin?.env?.find((t) => t.name === e.name)?.value);
      }
    }
    // Every service variable is set somewhere, bar MAAT_THREADS in one branch (the CPU limit in the
    // other); the clients' ones (advise) are read by `maat advise --server` and the scaling Job.
    const everywhere = new Set(found.flatMap(({ container }) => (container.env ?? []).map((e) => e.name)));
    expect(MAAT_VARIABLES.filter((v) => !v.services.includes("advise")).map((v) => v.name).filter((n) => !everywhere.has(n))).toEqual([]);
  });

  it("probes point at declared container ports (by name or by the same value expression)", () => {
    const problems: string[] = [];
    for (const { owner, container } of containers(objects)) {
      const ports = container.ports ?? [];
      for (const name of ["startupProbe", "readinessProbe", "livenessProbe"] as const) {
        const probe = container[name];
        if (probe === undefined) continue;
        const port = probe.grpc?.port ?? probe.httpGet?.port ?? probe.tcpSocket?.port;
        if (!ports.some((p) => p.name === port || p.containerPort === port)) problems.push(`${owner.metadata.name}/${container.name} ${name}: ${String(port)}`);
      }
    }
    expect(problems).toEqual([]);
    const coordinator = containers(objects).find(({ container }) => container.name === "coordinator")?.container;
    // The kubelet's gRPC probes cannot speak TLS (on by default): /healthz on the metrics port.
    expect(coordinator?.readinessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(coordinator?.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
  });

  it("every pod and container takes its security context from the helpers, which hold the restricted SCC's rules", () => {
    for (const [name, text] of templateTexts()) {
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (!/^\s*securityContext:\s*$/.test(line)) return;
        expect(lines[i + 1], `${name}:${i + 2}`).toMatch(/\{\{-\s*include "maat\.(pod|container)SecurityContext" \. \| nindent \d+\s*\}\}/);
      });
    }
    for (const { owner, container } of containers(objects)) {
      expect("securityContext" in container, `${owner.metadata.name}/${container.name}`).toBe(true);
      expect("securityContext" in (podTemplate(owner)?.spec ?? {}), owner.metadata.name).toBe(true);
      const tmp = container.volumeMounts?.find((m) => m.mountPath === "/tmp");
      expect(podTemplate(owner)?.spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir, `${owner.metadata.name}/${container.name} /tmp`).toBeTruthy();
    }
    const helpers = defines(templateTexts().get("_helpers.tpl") ?? "");
    const containerContext = parse(stripGoTemplate(helpers.get("maat.containerSecurityContext") ?? "")) as ContainerSecurityContext;
    expect(containerContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    });
    const podText = helpers.get("maat.podSecurityContext") ?? "";
    expect(parse(stripGoTemplate(podText), { uniqueKeys: false }) as PodSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    // A fixed UID only off OpenShift: inside an if on (not (include "maat.openshift" .)).
    const podLines = podText.split("\n");
    const fixed = podLines.findIndex((l) => /runAsUser/.test(l));
    const guard = podLines.slice(0, fixed).reverse().find((l) => /\{\{-?\s*(if|end)\b/.test(l)) ?? "";
    expect(guard).toMatch(/\{\{-?\s*if and \(not \(include "maat\.openshift" \.\)\)/);
  });

  it("workers: threads from the CPU limit unless set, 45 s grace, requests = limits, autoscaled on CPU", () => {
    const worker = (values.worker ?? {}) as Record<string, unknown>;
    expect(worker.threads).toBeNull();
    expect(worker.terminationGracePeriodSeconds).toBe(45);
    const resources = worker.resources as { requests: Record<string, string>; limits: Record<string, string> };
    expect(resources.requests.cpu).toBe(resources.limits.cpu);
    const text = templateTexts().get("worker-deployment.yaml") ?? "";
    expect(text).toMatch(/\{\{- if \.Values\.worker\.threads \}\}\n\s+value: \{\{ \.Values\.worker\.threads \| int \| quote \}\}\n\s+\{\{- else \}\}[\s\S]*?resourceFieldRef:\n\s+containerName: worker\n\s+resource: limits\.cpu\n\s+divisor: "1"/);
    expect(text).toMatch(/\{\{- if not \.Values\.worker\.autoscaling\.enabled \}\}\n\s+replicas:/);
    const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler");
    expect((hpa?.spec?.metrics as { resource: { name: string } }[])[0].resource.name).toBe("cpu");
  });

  it("the Maat containers are recognised as such when rendered (image repository maat)", () => {
    expect(isMaatContainer({ name: "x", image: "maat:0.1.0" })).toBe(true);
    expect(isMaatContainer({ name: "x", image: "registry.example.com:5000/team/maat:1.2@sha256:abc" })).toBe(true);
    expect(isMaatContainer({ name: "x", image: "nats:2.10.24-alpine" })).toBe(false);
  });

  it("NOTES.txt says how to call the service: maat advise --server, and through a port-forward", () => {
    const notes = templateTexts().get("NOTES.txt") ?? "";
    expect(notes).toMatch(/maat advise --server \{\{ \$svc \}\}\.\{\{ \.Release\.Namespace \}\}\.svc:\{\{ \.Values\.coordinator\.port \}\}/);
    expect(notes).toMatch(/kubectl --namespace \{\{ \.Release\.Namespace \}\} port-forward svc\/\{\{ \$svc \}\}/);
    expect(notes).toMatch(/maat advise --server 127\.0\.0\.1:\{\{ \.Values\.coordinator\.port \}\}/);
  });
});
