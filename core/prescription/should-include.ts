import type {
  DecisionType,
  HardwareCondition,
  Negatable,
  PythonPackageCondition,
  RecommendationType,
  RpmPackageCondition,
  RuntimeEnvironmentCondition,
  ShouldInclude,
  SoftwareVersionCondition,
  UnitDependencies,
} from "./unit.js";

/** The runtime environment a request targets, as far as inclusion needs it. null or undefined: not present/unknown. */
export interface InclusionEnvironment {
  readonly operatingSystem?: { readonly name?: string; readonly version?: string };
  readonly hardware?: {
    readonly cpuFamily?: number | null;
    readonly cpuModel?: number | null;
    readonly gpuModel?: string | null;
    readonly cpuFlags?: readonly string[];
  };
  /** `major.minor`. */
  readonly pythonVersion?: string | null;
  readonly cudaVersion?: string | null;
  readonly cudnnVersion?: string | null;
  readonly openblasVersion?: string | null;
  readonly openmpiVersion?: string | null;
  readonly mklVersion?: string | null;
  readonly platform?: string | null;
  /** `registry/name:tag`. */
  readonly baseImage?: string | null;
  readonly abi?: readonly string[];
  readonly rpmPackages?: readonly RpmPackageCondition[];
  readonly pythonPackages?: readonly { readonly name: string; readonly version: string; readonly location?: string | null }[];
}

export interface InclusionContext {
  readonly pipeline: "adviser" | "dependency-monkey";
  readonly recommendationType?: RecommendationType;
  readonly decisionType?: DecisionType;
  readonly authenticated: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Package name -> library calls the application makes (Thoth's invectio report); undefined: unknown. */
  readonly libraryUsage?: Readonly<Record<string, readonly string[]>>;
  readonly environment: InclusionEnvironment;
  /** Whether the unit `name` of the kind (`boots`, `steps`, ...) is registered; absent: every dependency fails. */
  readonly isIncluded?: (kind: keyof UnitDependencies, name: string) => boolean;
  /** PEP 440: whether `version` satisfies `specifier` (core/pep440's specifier containment). */
  readonly versionSatisfies: (version: string, specifier: string) => boolean;
}

export type Inclusion = { readonly included: true } | { readonly included: false; readonly reason: string };

const INCLUDED: Inclusion = { included: true };
const no = (reason: string): Inclusion => ({ included: false, reason });

/**
 * Thoth's `should_include` for one unit and one request. `times: 1` ("once") is the pipeline
 * builder's business: this answers whether the unit qualifies at all.
 */
export function shouldInclude(condition: ShouldInclude, context: InclusionContext): Inclusion {
  if (condition.times === 0) return no("times is 0");
  if (context.pipeline === "adviser") {
    if (!condition.adviserPipeline) return no("not an adviser pipeline unit");
    const rt = condition.recommendationTypes;
    if (rt !== undefined && !negatableHas(rt, context.recommendationType)) return no(`recommendation type ${context.recommendationType ?? "(none)"} not matched`);
  } else {
    if (!condition.dependencyMonkeyPipeline) return no("not a dependency monkey pipeline unit");
    const dt = condition.decisionTypes;
    if (dt !== undefined && !negatableHas(dt, context.decisionType)) return no(`decision type ${context.decisionType ?? "(none)"} not matched`);
  }
  if (condition.authenticated !== undefined && condition.authenticated !== context.authenticated) {
    return no(condition.authenticated ? "requires an authenticated request" : "requires an unauthenticated request");
  }
  if (condition.labels !== undefined && Object.keys(condition.labels).length > 0) {
    const any = Object.entries(condition.labels).some(([k, v]) => context.labels[k] === v);
    if (!any) return no("no stated label on the request");
  }
  if (condition.dependencies !== undefined) {
    for (const [kind, names] of Object.entries(condition.dependencies) as [keyof UnitDependencies, readonly string[]][]) {
      for (const name of names) {
        if (context.isIncluded === undefined || !context.isIncluded(kind, name)) return no(`dependency ${kind}.${name} not registered`);
      }
    }
  }
  if (condition.libraryUsage !== undefined && !libraryUsageMatches(condition.libraryUsage, context.libraryUsage ?? {})) {
    return no("library usage not matched");
  }
  if (condition.runtimeEnvironments !== undefined) {
    const reason = runtimeEnvironmentMismatch(condition.runtimeEnvironments, context.environment, context.versionSatisfies);
    if (reason !== undefined) return no(reason);
  }
  return INCLUDED;
}

function negatableHas<T>(condition: Negatable<T>, value: T | undefined): boolean {
  const has = value !== undefined && condition.items.includes(value);
  return condition.negated ? !has : has;
}

function callMatches(expected: string, used: string): boolean {
  return expected.endsWith("*") ? used.startsWith(expected.slice(0, -1)) : used === expected;
}

function libraryUsageMatches(expected: Readonly<Record<string, readonly string[]>>, used: Readonly<Record<string, readonly string[]>>): boolean {
  return Object.entries(expected).some(([pkg, calls]) => {
    const usedCalls = used[pkg] ?? [];
    return calls.some((c) => usedCalls.some((u) => callMatches(c, u)));
  });
}

type Satisfies = InclusionContext["versionSatisfies"];

function versionMatches(condition: SoftwareVersionCondition, value: string | null | undefined, satisfies: Satisfies): boolean {
  if (condition.kind === "absent") return value === null || value === undefined;
  return value !== null && value !== undefined && satisfies(value, condition.specifier);
}

/** `name` matches any tag; `name:v1.*` matches tags by prefix; otherwise exact. */
export function baseImageMatches(pattern: string, image: string): boolean {
  const split = (s: string): [string, string | undefined] => {
    const slash = s.lastIndexOf("/");
    const colon = s.lastIndexOf(":");
    return colon > slash ? [s.slice(0, colon), s.slice(colon + 1)] : [s, undefined];
  };
  const [pName, pTag] = split(pattern);
  const [iName, iTag] = split(image);
  if (pName !== iName) return false;
  if (pTag === undefined) return true;
  if (iTag === undefined) return false;
  return pTag.endsWith("*") ? iTag.startsWith(pTag.slice(0, -1)) : iTag === pTag;
}

/** All listed items present (negated: none of them present). */
function allPresent<T>(condition: Negatable<T>, present: (item: T) => boolean): boolean {
  return condition.negated ? !condition.items.some(present) : condition.items.every(present);
}

function hardwareMatches(row: HardwareCondition, hw: NonNullable<InclusionEnvironment["hardware"]>): boolean {
  if (row.cpuFamilies !== undefined && !negatableHas(row.cpuFamilies, hw.cpuFamily ?? null)) return false;
  if (row.cpuModels !== undefined && !negatableHas(row.cpuModels, hw.cpuModel ?? null)) return false;
  if (row.gpuModels !== undefined && !negatableHas(row.gpuModels, hw.gpuModel ?? null)) return false;
  const flags = hw.cpuFlags ?? [];
  if (row.cpuFlags !== undefined && !allPresent(row.cpuFlags, (f) => flags.includes(f))) return false;
  return true;
}

function rpmMatches(c: RpmPackageCondition, p: RpmPackageCondition): boolean {
  return c.packageName === p.packageName
    && (c.arch === undefined || c.arch === p.arch)
    && (c.epoch === undefined || c.epoch === p.epoch)
    && (c.packageIdentifier === undefined || c.packageIdentifier === p.packageIdentifier)
    && (c.packageVersion === undefined || c.packageVersion === p.packageVersion)
    && (c.release === undefined || c.release === p.release)
    && (c.src === undefined || c.src === p.src);
}

function pythonPackageMatches(c: PythonPackageCondition, p: NonNullable<InclusionEnvironment["pythonPackages"]>[number], satisfies: Satisfies): boolean {
  if (c.name !== p.name) return false;
  if (c.version !== undefined && !satisfies(p.version, c.version)) return false;
  if (c.location !== undefined && c.location !== null) {
    if (p.location === undefined || p.location === null) return false;
    if (!new RegExp(`^(?:${c.location})$`).test(p.location)) return false;
  }
  return true;
}

/** The first runtime environment condition that fails, or undefined when all hold. */
function runtimeEnvironmentMismatch(c: RuntimeEnvironmentCondition, env: InclusionEnvironment, satisfies: Satisfies): string | undefined {
  if (c.operatingSystems !== undefined && c.operatingSystems.length > 0) {
    const os = env.operatingSystem ?? {};
    const any = c.operatingSystems.some((o) => (o.name === undefined || o.name === os.name) && (o.version === undefined || o.version === os.version));
    if (!any) return "operating system not matched";
  }
  if (c.hardware !== undefined) {
    const hw = env.hardware ?? {};
    if (!c.hardware.some((row) => hardwareMatches(row, hw))) return "hardware not matched";
  }
  const versions = [
    ["pythonVersion", "Python version"], ["cudaVersion", "CUDA version"], ["cudnnVersion", "cuDNN version"],
    ["openblasVersion", "OpenBLAS version"], ["openmpiVersion", "OpenMPI version"], ["mklVersion", "MKL version"],
  ] as const;
  for (const [key, label] of versions) {
    const condition = c[key];
    if (condition !== undefined && !versionMatches(condition, env[key], satisfies)) return `${label} not matched`;
  }
  if (c.platforms !== undefined && !negatableHas(c.platforms, env.platform ?? null)) return "platform not matched";
  if (c.baseImages !== undefined) {
    const image = env.baseImage ?? null;
    const has = c.baseImages.items.some((p) => (p === null ? image === null : image !== null && baseImageMatches(p, image)));
    if (c.baseImages.negated ? has : !has) return "base image not matched";
  }
  if (c.abi !== undefined) {
    const abi = env.abi ?? [];
    if (!allPresent(c.abi, (s) => abi.includes(s))) return "ABI not matched";
  }
  if (c.rpmPackages !== undefined) {
    const rpms = env.rpmPackages ?? [];
    if (!allPresent(c.rpmPackages, (rc) => rpms.some((p) => rpmMatches(rc, p)))) return "RPM packages not matched";
  }
  if (c.pythonPackages !== undefined) {
    const pkgs = env.pythonPackages ?? [];
    if (!allPresent(c.pythonPackages, (pc) => pkgs.some((p) => pythonPackageMatches(pc, p, satisfies)))) return "Python packages not matched";
  }
  return undefined;
}
