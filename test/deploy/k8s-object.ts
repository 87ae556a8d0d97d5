/**
 * The part of the Kubernetes object model the deployment tests read, and YAML loading that names
 * the file in every error.
 */
import { parseAllDocuments } from "yaml";

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly fieldRef?: { readonly fieldPath: string };
    readonly resourceFieldRef?: { readonly containerName?: string; readonly resource: string; readonly divisor?: string | number };
  };
}

export interface Probe {
  readonly grpc?: { readonly port: number | string; readonly service?: string };
  readonly httpGet?: { readonly path?: string; readonly port: number | string };
  readonly tcpSocket?: { readonly port: number | string };
}

export interface ContainerSecurityContext {
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly privileged?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
}

export interface PodSecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly seccompProfile?: { readonly type?: string };
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
}

export type Quantity = string | number;

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly ports?: readonly ContainerPort[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly resources?: { readonly requests?: Readonly<Record<string, Quantity>>; readonly limits?: Readonly<Record<string, Quantity>> };
  readonly securityContext?: ContainerSecurityContext;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly sizeLimit?: string } | null;
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean } | null;
  readonly configMap?: { readonly name: string };
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly securityContext?: PodSecurityContext;
  readonly volumes?: readonly Volume[];
  readonly terminationGracePeriodSeconds?: number;
}

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, string>>;
}

/** One parsed document and the file it came from. */
export interface Loaded {
  readonly file: string;
  readonly doc: unknown;
}

/**
 * Every non-empty YAML document of a text. Throws naming the file on a syntax error.
 * `uniqueKeys: false` for Go templates stripped of their actions, where both branches of an
 * if/else may set the same key.
 */
export function yamlDocuments(text: string, file: string, options: { readonly uniqueKeys?: boolean } = {}): Loaded[] {
  const out: Loaded[] = [];
  for (const document of parseAllDocuments(text, { uniqueKeys: options.uniqueKeys ?? true })) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
    const doc: unknown = document.toJS();
    if (doc !== null && doc !== undefined) out.push({ file, doc });
  }
  return out;
}

/** Why `doc` is not a Kubernetes object (apiVersion, kind and metadata.name, all strings), or null. */
export function notAnObject(doc: unknown): string | null {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "not a mapping";
  const o = doc as Record<string, unknown>;
  if (typeof o.apiVersion !== "string" || o.apiVersion === "") return "no apiVersion";
  if (typeof o.kind !== "string" || o.kind === "") return "no kind";
  const metadata = o.metadata as Record<string, unknown> | undefined;
  if (typeof metadata !== "object" || metadata === null || typeof metadata.name !== "string" || metadata.name === "") return "no metadata.name";
  return null;
}

/** The objects of loaded documents; throws naming the file and the problem for anything else. */
export function k8sObjects(loaded: readonly Loaded[]): K8sObject[] {
  return loaded.map(({ file, doc }) => {
    const problem = notAnObject(doc);
    if (problem !== null) throw new Error(`${file}: ${problem}`);
    return doc as K8sObject;
  });
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"]);

/** The pod template's labels and spec of a workload, or null for anything else. */
export function podTemplate(object: K8sObject): { readonly labels: Readonly<Record<string, string>>; readonly spec: PodSpec } | null {
  if (!WORKLOADS.has(object.kind)) return null;
  const template = object.spec?.template as { metadata?: { labels?: Record<string, string> }; spec?: PodSpec } | undefined;
  if (template?.spec === undefined) return null;
  return { labels: template.metadata?.labels ?? {}, spec: template.spec };
}

/** "2" -> 2, "500m" -> 0.5, 1.5 -> 1.5; NaN for anything else. */
export function cpuCores(quantity: Quantity | undefined): number {
  if (typeof quantity === "number") return quantity;
  if (quantity === undefined) return NaN;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!m) return NaN;
  return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}
