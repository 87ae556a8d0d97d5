/**
 * What the deployment tests require of a set of Kubernetes objects (k8s/ as written, as rendered by
 * kustomize, or the Helm chart as rendered): every problem found, as a sentence naming the object,
 * or none. The rules are docs/operations.md's: Maat containers run `serve` or `worker` with only
 * documented MAAT_* variables, probes and Services point at declared ports, the security contexts
 * are what OpenShift's restricted SCC accepts, workers size their pool to their CPU limit.
 */
import { posix } from "node:path";
import {
  cpuCores, podTemplate,
  type Container, type ContainerPort, type K8sObject, type PodSpec, type Probe,
} from "./k8s-object.js";
import { maatVariable, type MaatService } from "./maat-variables.js";

export interface ProblemOptions {
  /**
   * Pods may carry runAsUser, runAsGroup and fsGroup (the fixed-uid component, or the Helm chart
   * off OpenShift). Otherwise none may: OpenShift assigns them.
   */
  readonly fixedUid: boolean;
}

/** The grace a worker needs: it drains within 30 s of SIGTERM. */
export const WORKER_MIN_GRACE_SECONDS = 45;

interface Pod {
  readonly owner: K8sObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: PodSpec;
}

const where = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** Whether the container runs the Maat image (its repository's last segment is `maat`). */
export function isMaatContainer(c: Container): boolean {
  const image = c.image ?? "";
  const repository = image.replace(/@.*$/, "").replace(/:[^:/]*$/, "");
  return repository.split("/").pop() === "maat";
}

function serviceOf(c: Container): MaatService | null {
  const first = c.args?.[0];
  return first === "serve" || first === "worker" ? first : null;
}

function envValue(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

/** The port of `HOST:PORT`, and whether the host is reachable from outside the pod. */
function listenPort(value: string): { readonly port: number; readonly external: boolean } | null {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  if (!m) return null;
  const host = m[1] ?? m[2];
  return { port: Number(m[3]), external: host === "0.0.0.0" || host === "::" };
}

function declares(ports: readonly ContainerPort[], port: number | string): boolean {
  return ports.some((p) => (typeof port === "number" ? p.containerPort === port : p.name === port || String(p.containerPort) === port));
}

function probePort(probe: Probe): { readonly kind: string; readonly port: number | string } | null {
  if (probe.grpc) return { kind: "grpc", port: probe.grpc.port };
  if (probe.httpGet) return { kind: "httpGet", port: probe.httpGet.port };
  if (probe.tcpSocket) return { kind: "tcpSocket", port: probe.tcpSocket.port };
  return null;
}

function selects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function containerProblems(pod: Pod, c: Container, init: boolean): string[] {
  const at = `${where(pod.owner)} container ${c.name}`;
  const problems: string[] = [];
  const ports = c.ports ?? [];
  const maat = isMaatContainer(c);
  const service = maat ? serviceOf(c) : null;
  if (maat && !init && service === null) problems.push(`${at}: a Maat container's args must start with serve or worker, got ${JSON.stringify(c.args ?? [])}`);

  // Variables: documented, and read by the service the container runs.
  for (const e of c.env ?? []) {
    if (!e.name.startsWith("MAAT_")) continue;
    const variable = maatVariable(e.name);
    if (variable === undefined) problems.push(`${at}: ${e.name} is not a documented variable`);
    else if (!maat || service === null) problems.push(`${at}: ${e.name} set on a container that runs neither maat serve nor maat worker`);
    else if (!variable.services.includes(service)) problems.push(`${at}: ${e.name} is not read by maat ${service}`);
  }

  // Probes point at declared ports; grpc probes need a port number.
  for (const [name, probe] of [["startupProbe", c.startupProbe], ["readinessProbe", c.readinessProbe], ["livenessProbe", c.livenessProbe]] as const) {
    if (probe === undefined) continue;
    const target = probePort(probe);
    if (target === null) continue;
    if (target.kind === "grpc" && typeof target.port !== "number") problems.push(`${at}: ${name}.grpc.port must be a number, got ${JSON.stringify(target.port)}`);
    if (!declares(ports, target.port)) problems.push(`${at}: ${name} points at port ${target.port}, which the container does not declare`);
  }

  // Listen addresses: reachable from outside the pod, on declared ports.
  for (const variable of ["MAAT_LISTEN", "MAAT_METRICS_LISTEN"]) {
    const value = envValue(c, variable);
    if (value === undefined) continue;
    const listen = listenPort(value);
    if (listen === null) problems.push(`${at}: ${variable}=${value} is not HOST:PORT`);
    else {
      if (!listen.external) problems.push(`${at}: ${variable}=${value} listens inside the pod only (use 0.0.0.0)`);
      if (!declares(ports, listen.port)) problems.push(`${at}: ${variable} port ${listen.port} is not a declared container port`);
    }
  }

  if (service === "serve") {
    const listen = listenPort(envValue(c, "MAAT_LISTEN") ?? "");
    if (listen === null) problems.push(`${at}: maat serve needs MAAT_LISTEN (the default listens on 127.0.0.1 only)`);
    // gRPC health on the API's port, or (where the API speaks TLS, which the kubelet's gRPC probes
    // cannot) GET /healthz on the metrics port, which says the same (issue 15).
    for (const name of ["readinessProbe", "livenessProbe"] as const) {
      const probe = c[name];
      const port = probe?.grpc?.port;
      if (probe?.httpGet !== undefined) {
        const metricsPort = ports.find((p) => p.name === probe.httpGet?.port || p.containerPort === probe.httpGet?.port)?.containerPort;
        const metrics = listenPort(envValue(c, "MAAT_METRICS_LISTEN") ?? "");
        if (probe.httpGet.path !== "/healthz") problems.push(`${at}: ${name} must GET /healthz, got ${JSON.stringify(probe.httpGet.path)}`);
        else if (metrics === null || metricsPort !== metrics.port) problems.push(`${at}: ${name} GETs /healthz off the metrics port (MAAT_METRICS_LISTEN)`);
      } else if (port === undefined) problems.push(`${at}: maat serve needs a grpc or /healthz ${name}`);
      else if (listen !== null && port !== listen.port) problems.push(`${at}: ${name} checks port ${port}, the gRPC API is on ${listen.port}`);
    }
    const store = envValue(c, "MAAT_STORE");
    if (store === undefined) problems.push(`${at}: maat serve needs MAAT_STORE on a writable volume`);
    else {
      const mount = c.volumeMounts?.find((m) => posix.dirname(store) === m.mountPath || store.startsWith(`${m.mountPath}/`));
      if (mount === undefined) problems.push(`${at}: MAAT_STORE=${store} is on the read-only root filesystem`);
      else if (mount.readOnly) problems.push(`${at}: MAAT_STORE=${store} is on a read-only mount`);
    }
  }

  if (service === "worker") {
    const threads = c.env?.find((e) => e.name === "MAAT_THREADS");
    const limit = cpuCores(c.resources?.limits?.cpu);
    if (!(limit > 0)) problems.push(`${at}: a worker needs a CPU limit (MAAT_THREADS follows it)`);
    if (cpuCores(c.resources?.requests?.cpu) !== limit) problems.push(`${at}: a worker's CPU request should equal its limit (one core per thread)`);
    const ref = threads?.valueFrom?.resourceFieldRef;
    if (threads === undefined) problems.push(`${at}: MAAT_THREADS is not set (the default is the node's cores, not the limit)`);
    else if (ref !== undefined) {
      if (ref.resource !== "limits.cpu" || (ref.containerName !== undefined && ref.containerName !== c.name) || String(ref.divisor ?? "1") !== "1") {
        problems.push(`${at}: MAAT_THREADS must be this container's limits.cpu with divisor 1, got ${JSON.stringify(ref)}`);
      }
    } else if (Number(threads.value) !== Math.ceil(limit)) problems.push(`${at}: MAAT_THREADS=${threads.value} differs from the CPU limit ${limit}`);
    const id = c.env?.find((e) => e.name === "MAAT_WORKER_ID");
    if (id?.valueFrom?.fieldRef?.fieldPath !== "metadata.name") problems.push(`${at}: MAAT_WORKER_ID must be the pod's name (fieldRef metadata.name)`);
  }

  // Security: what OpenShift's restricted SCC accepts.
  const sc = c.securityContext;
  if (sc === undefined) problems.push(`${at}: no securityContext`);
  else {
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
    if (sc.runAsNonRoot !== true && pod.spec.securityContext?.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot must be true`);
    if (sc.privileged === true) problems.push(`${at}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: capabilities must drop ALL`);
    if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${at}: capabilities.add must be empty`);
    const seccomp = sc.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault") problems.push(`${at}: seccompProfile must be RuntimeDefault`);
    if (sc.runAsUser !== undefined || sc.runAsGroup !== undefined) problems.push(`${at}: a container fixes its UID or GID`);
  }

  // A read-only root filesystem: /tmp is an emptyDir, every mount is a volume of the pod.
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const claimTemplates = pod.owner.kind === "StatefulSet"
    ? new Set(((pod.owner.spec?.volumeClaimTemplates ?? []) as { metadata: { name: string } }[]).map((t) => t.metadata.name))
    : new Set<string>();
  for (const m of c.volumeMounts ?? []) {
    if (!volumes.has(m.name) && !claimTemplates.has(m.name)) problems.push(`${at}: mounts volume ${m.name}, which the pod does not have`);
  }
  const tmp = c.volumeMounts?.find((m) => m.mountPath === "/tmp");
  if (tmp === undefined || !volumes.get(tmp.name)?.emptyDir) problems.push(`${at}: /tmp must be an emptyDir (the root filesystem is read-only)`);
  return problems;
}

function podProblems(pod: Pod, options: ProblemOptions): string[] {
  const at = where(pod.owner);
  const problems: string[] = [];
  const sc = pod.spec.securityContext;
  if (sc?.runAsNonRoot !== true) problems.push(`${at}: the pod's runAsNonRoot must be true`);
  if (sc?.seccompProfile?.type !== "RuntimeDefault") problems.push(`${at}: the pod's seccompProfile must be RuntimeDefault`);
  if (!options.fixedUid) {
    for (const key of ["runAsUser", "runAsGroup", "fsGroup"] as const) {
      if (sc?.[key] !== undefined) problems.push(`${at}: the pod fixes ${key}, which OpenShift assigns`);
    }
  }
  if (pod.spec.containers.some((c) => serviceOf(c) === "worker" && isMaatContainer(c))) {
    const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
    if (grace < WORKER_MIN_GRACE_SECONDS) problems.push(`${at}: terminationGracePeriodSeconds ${grace} < ${WORKER_MIN_GRACE_SECONDS} (a worker drains within 30 s)`);
  }
  for (const c of pod.spec.initContainers ?? []) problems.push(...containerProblems(pod, c, true));
  for (const c of pod.spec.containers) problems.push(...containerProblems(pod, c, false));
  return problems;
}

/** Every problem of a set of objects; the empty list when they hold every rule. */
export function deploymentProblems(objects: readonly K8sObject[], options: ProblemOptions): string[] {
  const problems: string[] = [];
  const pods: Pod[] = [];
  for (const o of objects) {
    const t = podTemplate(o);
    if (t !== null) pods.push({ owner: o, labels: t.labels, spec: t.spec });
  }
  for (const pod of pods) problems.push(...podProblems(pod, options));
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  // Services select pods and forward to their declared ports.
  for (const s of objects.filter((o) => o.kind === "Service")) {
    const spec = s.spec as { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: number | string }[] };
    const matched = pods.filter((p) => selects(spec.selector, p.labels));
    if (matched.length === 0) { problems.push(`${where(s)}: selects no pod`); continue; }
    for (const port of spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!matched.some((p) => p.spec.containers.some((c) => declares(c.ports ?? [], target)))) problems.push(`${where(s)}: port ${port.name ?? port.port} targets ${target}, which no selected container declares`);
    }
  }

  // References between objects.
  for (const pod of pods) {
    for (const v of pod.spec.volumes ?? []) {
      if (v.configMap && !named("ConfigMap", v.configMap.name)) problems.push(`${where(pod.owner)}: volume ${v.name} names ConfigMap ${v.configMap.name}, which is missing`);
      if (v.persistentVolumeClaim && !named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)) problems.push(`${where(pod.owner)}: volume ${v.name} names PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}, which is missing`);
    }
    // A ReadWriteOnce claim attaches to one node: a rolling update would wait for it forever.
    const strategy = (pod.owner.spec?.strategy as { type?: string } | undefined)?.type ?? "RollingUpdate";
    const rwo = (pod.spec.volumes ?? []).filter((v) => {
      const claim = v.persistentVolumeClaim ? named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName) : undefined;
      return ((claim?.spec?.accessModes ?? []) as string[]).includes("ReadWriteOnce");
    });
    if (pod.owner.kind === "Deployment" && rwo.length > 0 && strategy !== "Recreate") problems.push(`${where(pod.owner)}: mounts a ReadWriteOnce claim (${rwo.map((v) => v.name).join(", ")}) but updates with ${strategy}, not Recreate`);
    if (pod.owner.kind === "StatefulSet") {
      const serviceName = pod.owner.spec?.serviceName as string | undefined;
      const governing = serviceName === undefined ? undefined : named("Service", serviceName);
      if (governing === undefined || (governing.spec as { clusterIP?: string }).clusterIP !== "None") problems.push(`${where(pod.owner)}: serviceName must name a headless Service`);
    }
    // MAAT_NATS_URL names a Service of the set when its host is one.
    for (const c of pod.spec.containers) {
      const url = envValue(c, "MAAT_NATS_URL");
      if (url === undefined) continue;
      const parsed = /^(?:nats|tls):\/\/([^:/]+)(?::(\d+))?\/?$/.exec(url);
      if (!parsed) { problems.push(`${where(pod.owner)} container ${c.name}: MAAT_NATS_URL=${url} is not nats://HOST:PORT`); continue; }
      const service = named("Service", parsed[1].split(".")[0]);
      const port = Number(parsed[2] ?? 4222);
      if (service && !((service.spec?.ports ?? []) as { port: number }[]).some((p) => p.port === port)) problems.push(`${where(pod.owner)} container ${c.name}: MAAT_NATS_URL port ${port} is not a port of Service ${service.metadata.name}`);
    }
  }

  // One ack wait for the coordinator and the workers: both set it on the work queue's consumer.
  const ackWaits = new Set(pods.flatMap((p) => p.spec.containers.map((c) => envValue(c, "MAAT_ACK_WAIT_SECONDS")).filter((v) => v !== undefined)));
  if (ackWaits.size > 1) problems.push(`MAAT_ACK_WAIT_SECONDS differs between containers: ${[...ackWaits].join(", ")}`);

  for (const h of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const spec = h.spec as { scaleTargetRef?: { kind: string; name: string }; metrics?: { type: string; resource?: { name: string } }[] };
    const target = spec.scaleTargetRef === undefined ? undefined : named(spec.scaleTargetRef.kind, spec.scaleTargetRef.name);
    if (target === undefined) { problems.push(`${where(h)}: scales an object that is missing`); continue; }
    if (target.spec?.replicas !== undefined) problems.push(`${where(h)}: ${where(target)} sets replicas, which every apply would reset`);
    if (!(spec.metrics ?? []).some((m) => m.type === "Resource" && m.resource?.name === "cpu")) problems.push(`${where(h)}: does not scale on CPU`);
  }
  for (const b of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    const selector = (b.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
    if (!pods.some((p) => selects(selector, p.labels))) problems.push(`${where(b)}: selects no pod`);
  }
  return problems;
}
