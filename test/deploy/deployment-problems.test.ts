import { describe, expect, it } from "vitest";
import { deploymentProblems } from "./deployment-problems.js";
import { baseObjects } from "./k8s-files.js";
import type { EnvVar, K8sObject, PodSpec } from "./k8s-object.js";

type Mutable<T> = T extends readonly (infer E)[] ? Mutable<E>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Edit = (o: Mutable<K8sObject>) => void;

/** k8s/'s objects with one change: `edit` gets a mutable copy of the named object. */
function withChange(kind: string, name: string, edit: Edit): K8sObject[] {
  return baseObjects().map((o) => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    const copy = structuredClone(o) as Mutable<K8sObject>;
    edit(copy);
    return copy;
  });
}
const pod = (o: Mutable<K8sObject>) => (o.spec?.template as { spec: Mutable<PodSpec> }).spec;
const first = (o: Mutable<K8sObject>) => pod(o).containers[0];
const envOf = (o: Mutable<K8sObject>, name: string): Mutable<EnvVar> => {
  const found = first(o).env?.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
};
const problems = (objects: K8sObject[]) => deploymentProblems(objects, { fixedUid: false });

describe("deploymentProblems finds what breaks a rule", () => {
  it("k8s/ as written has none", () => {
    expect(problems(baseObjects())).toEqual([]);
  });

  const cases: [string, string, Edit, RegExp][] = [
    ["an undocumented variable", "maat-worker", (o) => first(o).env!.push({ name: "MAAT_THREAD", value: "2" }), /MAAT_THREAD is not a documented variable/],
    ["a coordinator variable on a worker", "maat-worker", (o) => first(o).env!.push({ name: "MAAT_BATCH_SIZE", value: "2" }), /MAAT_BATCH_SIZE is not read by maat worker/],
    ["threads that differ from the CPU limit", "maat-worker", (o) => { envOf(o, "MAAT_THREADS").valueFrom = undefined; envOf(o, "MAAT_THREADS").value = "3"; }, /MAAT_THREADS=3 differs from the CPU limit 2/],
    ["threads from the request", "maat-worker", (o) => { envOf(o, "MAAT_THREADS").valueFrom!.resourceFieldRef!.resource = "requests.cpu"; }, /MAAT_THREADS must be this container's limits.cpu/],
    ["a short grace period", "maat-worker", (o) => { pod(o).terminationGracePeriodSeconds = 30; }, /terminationGracePeriodSeconds 30 < 45/],
    ["a worker id that is not the pod's name", "maat-worker", (o) => { envOf(o, "MAAT_WORKER_ID").valueFrom!.fieldRef!.fieldPath = "metadata.uid"; }, /MAAT_WORKER_ID must be the pod's name/],
    ["a command other than serve or worker", "maat-worker", (o) => { first(o).args = ["advise"]; }, /args must start with serve or worker/],
    ["a probe on an undeclared port", "maat-coordinator", (o) => { (first(o) as { readinessProbe: unknown }).readinessProbe = { grpc: { port: 50052 } }; }, /readinessProbe points at port 50052/],
    ["a grpc probe by port name", "maat-coordinator", (o) => { (first(o) as { livenessProbe: unknown }).livenessProbe = { grpc: { port: "grpc" } }; }, /livenessProbe.grpc.port must be a number/],
    ["a health probe off /healthz", "maat-coordinator", (o) => { first(o).readinessProbe!.httpGet = { path: "/metrics", port: "metrics" }; }, /readinessProbe must GET \/healthz/],
    ["a loopback listen address", "maat-coordinator", (o) => { envOf(o, "MAAT_LISTEN").value = "127.0.0.1:50051"; }, /listens inside the pod only/],
    ["the store on the root filesystem", "maat-coordinator", (o) => { envOf(o, "MAAT_STORE").value = "/app/knowledge.sqlite"; }, /MAAT_STORE=\/app\/knowledge.sqlite is on the read-only root filesystem/],
    ["privilege escalation", "maat-coordinator", (o) => { first(o).securityContext!.allowPrivilegeEscalation = true; }, /allowPrivilegeEscalation must be false/],
    ["a writable root filesystem", "maat-worker", (o) => { delete first(o).securityContext!.readOnlyRootFilesystem; }, /readOnlyRootFilesystem must be true/],
    ["capabilities kept", "maat-coordinator", (o) => { first(o).securityContext!.capabilities!.drop = ["NET_RAW"]; }, /capabilities must drop ALL/],
    ["no seccomp profile", "maat-worker", (o) => { delete first(o).securityContext!.seccompProfile; delete pod(o).securityContext!.seccompProfile; }, /seccompProfile must be RuntimeDefault/],
    ["a fixed UID", "maat-coordinator", (o) => { pod(o).securityContext!.runAsUser = 1000; }, /fixes runAsUser, which OpenShift assigns/],
    ["no /tmp emptyDir", "maat-worker", (o) => { first(o).volumeMounts = []; }, /\/tmp must be an emptyDir/],
  ];
  it.each(cases)("%s", (_what, name, edit, expected) => {
    const found = problems(withChange("Deployment", name, edit));
    expect(found.some((p) => expected.test(p)), found.join("\n")).toBe(true);
  });

  it("a Service port no container declares, a different ack wait, a missing ConfigMap", () => {
    expect(problems(withChange("Service", "maat-coordinator", (o) => { (o.spec!.ports as { targetPort: string }[])[1].targetPort = "prometheus"; }))).toEqual([
      "Service/maat-coordinator: port metrics targets prometheus, which no selected container declares",
    ]);
    expect(problems(withChange("Deployment", "maat-worker", (o) => { envOf(o, "MAAT_ACK_WAIT_SECONDS").value = "60"; }))).toEqual([
      "MAAT_ACK_WAIT_SECONDS differs between containers: 30, 60",
    ]);
    expect(problems(withChange("StatefulSet", "maat-nats", (o) => { pod(o).volumes![0].configMap!.name = "nats-config"; }))).toEqual([
      "StatefulSet/maat-nats: volume config names ConfigMap nats-config, which is missing",
    ]);
  });

  it("a rolling update of a Deployment that mounts a ReadWriteOnce claim", () => {
    expect(problems(withChange("Deployment", "maat-coordinator", (o) => { o.spec!.strategy = { type: "RollingUpdate" }; }))).toEqual([
      "Deployment/maat-coordinator: mounts a ReadWriteOnce claim (data) but updates with RollingUpdate, not Recreate",
    ]);
  });

  it("replicas on the autoscaled Deployment", () => {
    expect(problems(withChange("Deployment", "maat-worker", (o) => { o.spec!.replicas = 3; }))).toEqual([
      "HorizontalPodAutoscaler/maat-worker: Deployment/maat-worker sets replicas, which every apply would reset",
    ]);
  });

  it("allows fixed UIDs when asked to", () => {
    const objects = withChange("Deployment", "maat-coordinator", (o) => { Object.assign(pod(o).securityContext!, { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 }); });
    expect(deploymentProblems(objects, { fixedUid: true })).toEqual([]);
    expect(deploymentProblems(objects, { fixedUid: false })).toHaveLength(3);
  });
});
