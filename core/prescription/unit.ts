/**
 * The typed model of Thoth's prescription format v1 (thoth-station/prescriptions): what a pipeline
 * unit matches and what it does when it runs. Declarations only; validation is in validate-unit.ts,
 * inclusion in should-include.ts. Version constraints stay PEP 440 specifier text here: the
 * pipeline that executes a unit parses them with core/pep440.
 */

import type { Justification, JustificationType } from "../justification/index.js";

/** The unit kinds of the glossary, and the key under `units:` that lists each kind. */
export type UnitKind = "boot" | "pseudonym" | "sieve" | "step" | "stride" | "wrap";
export const UNIT_KIND_KEYS: Readonly<Record<string, UnitKind>> = {
  boots: "boot",
  pseudonyms: "pseudonym",
  sieves: "sieve",
  steps: "step",
  strides: "stride",
  wraps: "wrap",
};

export type RecommendationType = "latest" | "performance" | "security" | "stable" | "testing";
export const RECOMMENDATION_TYPES: readonly RecommendationType[] = ["latest", "performance", "security", "stable", "testing"];
/** Thoth's Dependency Monkey decision types. */
export type DecisionType = "all" | "random";
export const DECISION_TYPES: readonly DecisionType[] = ["all", "random"];

/** A list condition that may be wrapped in `not:` (Thoth's `_with_not`): `negated` inverts it. */
export interface Negatable<T> {
  readonly negated: boolean;
  readonly items: readonly T[];
}

/**
 * A justification as a prescription declares it: core's one Justification (snake_case fields, as in
 * the YAML), its link required, with Thoth's advisory fields (kept, not shown in the report).
 */
export interface DeclaredJustification extends Justification {
  /** An http(s) URL or a short justification id (`[a-z0-9_-]+`), resolved against Thoth's justification base when compiled. */
  readonly link: string;
  readonly advisory?: string;
  readonly cve_id?: string;
  readonly cve_name?: string;
  /** PEP 440 specifier text. */
  readonly version_range?: string;
}

/** A stack_info entry as declared: a justification about the whole advise, without a package. */
export type StackInfoEntry = Pick<DeclaredJustification, "type" | "message" | "link">;

export interface LogEntry {
  readonly type: JustificationType;
  readonly message: string;
}

/** Environment software whose version is constrained: a specifier, or `absent` (YAML null: none installed). */
export type SoftwareVersionCondition =
  | { readonly kind: "specifier"; readonly specifier: string }
  | { readonly kind: "absent" };

export interface OperatingSystemCondition {
  readonly name?: string;
  readonly version?: string;
}

/** One row of the hardware matrix; every stated field must match. `null` in a list means "none". */
export interface HardwareCondition {
  readonly cpuFamilies?: Negatable<number | null>;
  readonly cpuModels?: Negatable<number | null>;
  readonly gpuModels?: Negatable<string | null>;
  /** All flags must be present (or, negated, none of them). */
  readonly cpuFlags?: Negatable<string>;
}

export interface RpmPackageCondition {
  readonly packageName: string;
  readonly arch?: string;
  readonly epoch?: string;
  readonly packageIdentifier?: string;
  readonly packageVersion?: string;
  readonly release?: string;
  readonly src?: boolean;
}

export interface PythonPackageCondition {
  readonly name: string;
  /** PEP 440 specifier text. */
  readonly version?: string;
  /** A regular expression matched against the whole installation path; null: any. */
  readonly location?: string | null;
}

export interface RuntimeEnvironmentCondition {
  /** Any entry matching includes the unit. */
  readonly operatingSystems?: readonly OperatingSystemCondition[];
  /** Any row matching includes the unit. */
  readonly hardware?: readonly HardwareCondition[];
  readonly pythonVersion?: SoftwareVersionCondition;
  readonly cudaVersion?: SoftwareVersionCondition;
  readonly cudnnVersion?: SoftwareVersionCondition;
  readonly openblasVersion?: SoftwareVersionCondition;
  readonly openmpiVersion?: SoftwareVersionCondition;
  readonly mklVersion?: SoftwareVersionCondition;
  readonly platforms?: Negatable<string | null>;
  /** Image names, optionally with a tag; a tag ending in `*` is a prefix. `null`: no base image. */
  readonly baseImages?: Negatable<string | null>;
  readonly abi?: Negatable<string>;
  readonly rpmPackages?: Negatable<RpmPackageCondition>;
  readonly pythonPackages?: Negatable<PythonPackageCondition>;
}

export type UnitDependencies = Readonly<Partial<Record<"boots" | "pseudonyms" | "sieves" | "steps" | "strides" | "wraps", readonly string[]>>>;

/** When a unit is registered in a pipeline (Thoth's `should_include`). */
export interface ShouldInclude {
  /** 0: never included; 1: included once (default). */
  readonly times: 0 | 1;
  readonly adviserPipeline: boolean;
  readonly dependencyMonkeyPipeline: boolean;
  /** undefined: regardless of authentication. */
  readonly authenticated?: boolean;
  /** Any stated label present on the request includes the unit. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly dependencies?: UnitDependencies;
  readonly recommendationTypes?: Negatable<RecommendationType>;
  readonly decisionTypes?: Negatable<DecisionType>;
  readonly runtimeEnvironments?: RuntimeEnvironmentCondition;
  /** Package name -> library calls (a trailing `*` is a prefix); any call used includes the unit. */
  readonly libraryUsage?: Readonly<Record<string, readonly string[]>>;
}

/** An index URL condition; `negated`: any index except this one. */
export interface IndexUrlCondition {
  readonly negated: boolean;
  readonly url: string;
}

/** Which package versions a unit matches; every stated field must match. */
export interface PackageVersionMatch {
  /** Normalized (PEP 503) project name; undefined: any project. */
  readonly name?: string;
  /** PEP 440 specifier text; undefined: any version. */
  readonly version?: string;
  readonly indexUrl?: IndexUrlCondition;
  readonly develop?: boolean;
}

/** A package version a pseudonym yields or a step adds. */
export interface LockedPackageVersion {
  readonly name: string | null;
  /** `==x` or `===x`; null or undefined: the version is not fixed. */
  readonly lockedVersion?: string | null;
  readonly indexUrl?: string | null;
  readonly develop?: boolean;
}

export interface StateMatch {
  /** Every entry must be among the resolved dependencies of the state. */
  readonly resolvedDependencies?: readonly PackageVersionMatch[];
  /** The matched package version must be introduced by one of these (Thoth's `package_version_from`). */
  readonly packageVersionFrom?: readonly PackageVersionMatch[];
  readonly packageVersionFromAllowOther?: boolean;
}

export interface StepMatch {
  readonly packageVersion: PackageVersionMatch;
  readonly state?: StateMatch;
}

/** What every unit's `run` may carry. */
export interface RunBase {
  readonly stackInfo: readonly StackInfoEntry[];
  readonly log?: LogEntry;
}

export interface ManifestChange {
  readonly apiVersion: string;
  readonly kind: string;
  readonly patch: { readonly op: string; readonly path: string; readonly value: unknown };
}

interface UnitHead<K extends UnitKind, T extends string> {
  readonly kind: K;
  readonly type: T;
  readonly name: string;
  readonly shouldInclude: ShouldInclude;
  /** Free-form provenance (`prescriptions_repository`, `prescriptions_version`, ...). */
  readonly metadata?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface BootUnit extends UnitHead<"boot", "boot"> {
  /** Any entry matches; `packageName: null` or no match: always runs. */
  readonly match?: readonly { readonly packageName: string | null }[];
  readonly run: RunBase & { readonly notAcceptable?: string; readonly eagerStopPipeline?: string };
}

export interface PseudonymUnit extends UnitHead<"pseudonym", "pseudonym"> {
  readonly match: readonly { readonly packageVersion: PackageVersionMatch & { readonly name: string } }[];
  readonly run: RunBase & {
    readonly yield: { readonly yieldMatchedVersion: boolean; readonly packageVersion: LockedPackageVersion };
  };
}

export interface SieveUnit extends UnitHead<"sieve", "sieve"> {
  readonly match: readonly { readonly packageVersion: PackageVersionMatch }[];
  readonly run: RunBase;
}

/** Removes every version of a package (`packageName: null`: matches nothing by name). */
export interface SkipPackageSieveUnit extends UnitHead<"sieve", "sieve.SkipPackage"> {
  readonly match: readonly { readonly packageName: string | null }[];
  readonly run: RunBase;
}

export interface StepRun extends RunBase {
  readonly score?: number | null;
  readonly justification?: readonly DeclaredJustification[];
  readonly notAcceptable?: string;
  readonly eagerStopPipeline?: string;
  readonly multiPackageResolution: boolean;
}

export interface StepUnit extends UnitHead<"step", "step"> {
  readonly match: readonly StepMatch[];
  readonly run: StepRun;
}

/** Skips the matched package (with its dependencies) instead of resolving it. */
export interface SkipPackageStepUnit extends UnitHead<"step", "step.SkipPackage"> {
  readonly match: readonly StepMatch[];
  readonly run: RunBase & { readonly multiPackageResolution: boolean };
}

export interface AddPackageStepUnit extends UnitHead<"step", "step.AddPackage"> {
  readonly match: readonly StepMatch[];
  readonly run: RunBase & {
    readonly multiPackageResolution: boolean;
    readonly packageVersion: { readonly name: string; readonly lockedVersion: string; readonly indexUrl: string; readonly develop: boolean };
  };
}

/**
 * A step over a group of package versions: for each member, it runs when that member is resolved
 * while all the other members are already in the state (Thoth's step.Group). Always multi-package.
 */
export interface GroupStepUnit extends UnitHead<"step", "step.Group"> {
  readonly match: readonly { readonly group: readonly { readonly packageVersion: PackageVersionMatch & { readonly name: string } }[] }[];
  readonly run: StepRun;
}

export interface StrideUnit extends UnitHead<"stride", "stride"> {
  readonly match: readonly { readonly state: { readonly resolvedDependencies: readonly PackageVersionMatch[] } }[];
  readonly run: RunBase & { readonly notAcceptable?: string; readonly eagerStopPipeline?: string };
}

export interface WrapUnit extends UnitHead<"wrap", "wrap"> {
  /** Any entry matches; no match: every final state. */
  readonly match?: readonly { readonly state?: { readonly resolvedDependencies: readonly PackageVersionMatch[] } }[];
  readonly run: RunBase & {
    readonly justification?: readonly DeclaredJustification[];
    readonly advisedManifestChanges?: readonly ManifestChange[];
  };
}

/** Adds a link to the GitHub release notes of the resolved version of one package. */
export interface GHReleaseNotesWrapUnit extends UnitHead<"wrap", "wrap.GHReleaseNotes"> {
  readonly match: readonly { readonly state: { readonly resolvedDependencies: readonly [PackageVersionMatch & { readonly name: string }] } }[];
  readonly run: { readonly releaseNotes: { readonly organization: string; readonly repository: string; readonly tagVersionPrefix?: string } };
}

export type PrescriptionUnit =
  | BootUnit
  | PseudonymUnit
  | SieveUnit
  | SkipPackageSieveUnit
  | StepUnit
  | SkipPackageStepUnit
  | AddPackageStepUnit
  | GroupStepUnit
  | StrideUnit
  | WrapUnit
  | GHReleaseNotesWrapUnit;

export type UnitType = PrescriptionUnit["type"];
export const UNIT_TYPES: readonly UnitType[] = [
  "boot", "pseudonym", "sieve", "sieve.SkipPackage", "step", "step.SkipPackage", "step.AddPackage", "step.Group",
  "stride", "wrap", "wrap.GHReleaseNotes",
];

/** The prescription's own header (`prescription: {name, release}`), found in _prescription_metadata.yaml. */
export interface PrescriptionHeader {
  readonly name: string;
  readonly release: string;
}
