import { DEFAULT_PRERELEASE_POLICY, type PrereleasePolicy } from "../compile/index.js";
import { invalidArgument, type Result } from "../failure/index.js";
import { targetEnvironment, type Environment, type Target } from "../pep508/index.js";
import { indexesFailure } from "./indexes.js";
import { validateLocked } from "./locked.js";
import { parsePlatform } from "./platform.js";
import { prereleasePolicy } from "./prereleases.js";
import { validateRuntimeEnvironment, type RuntimeEnvironmentInput } from "./runtime-environment.js";

/** What `maat resolve` and `maat count` take, and the first part of every advise request: validated, typed. */
export interface ResolveRequest {
  /** PEP 508 texts, parsed by the compiler (an invalid one is refused naming `requirements[i]`). */
  readonly requirements: readonly string[];
  readonly constraints: readonly string[];
  /** One snapshot path (a file or a folder), or index URLs. */
  readonly indexes: readonly string[];
  /** Answer from the knowledge store only (index URLs). */
  readonly offline: boolean;
  readonly target: Target;
  /** The marker environment of `target`. */
  readonly environment: Environment;
  readonly prereleases: PrereleasePolicy;
  /** The user's locked stack (PEP 503 name to version), kept where it is still allowed; null: none. */
  readonly locked: Readonly<Record<string, string>> | null;
}

/**
 * A resolve request as a front end hands it over (CLI flags, a gRPC message): texts as given,
 * absent fields take REQUEST_DEFAULTS. The property names are the field names failures give.
 */
export interface ResolveRequestInput extends RuntimeEnvironmentInput {
  readonly requirements: readonly string[];
  readonly constraints?: readonly string[];
  readonly indexes: readonly string[];
  readonly offline?: boolean;
  /** `X.Y` or `X.Y.Z`. */
  readonly python?: string;
  /** `linux`, `macos` or `windows`, optionally with a machine: `linux-x86_64`. */
  readonly platform?: string;
  readonly prereleases?: string;
  /** A lock's pins, name to version (names in any spelling). */
  readonly locked?: Readonly<Record<string, string>>;
}

export const REQUEST_DEFAULTS = Object.freeze({
  python: "3.12",
  platform: "linux",
  prereleases: DEFAULT_PRERELEASE_POLICY,
} as const satisfies { python: string; platform: string; prereleases: PrereleasePolicy });

/** Validates a resolve request once: every refusal is an invalid-argument failure naming the field. */
export function validateResolveRequest(input: ResolveRequestInput): Result<ResolveRequest> {
  if (input.requirements.length === 0) return refuse("at least one requirement is needed", "requirements");
  const indexes = indexesFailure(input.indexes);
  if (indexes !== null) return { ok: false, error: indexes };
  const platform = parsePlatform(input.platform ?? REQUEST_DEFAULTS.platform);
  if (!platform.ok) return platform;
  const runtime = validateRuntimeEnvironment(input);
  if (!runtime.ok) return runtime;
  const target: Target = { python: input.python ?? REQUEST_DEFAULTS.python, ...platform.value, ...runtime.value };
  const environment = targetEnvironment(target);
  if (!environment.ok) {
    // The machine comes from the platform text: a failure about it names `platform`.
    const field = environment.error.field === "machine" ? "platform" : environment.error.field;
    return refuse(environment.error.message, field);
  }
  const prereleases = prereleasePolicy(input.prereleases ?? REQUEST_DEFAULTS.prereleases);
  if (!prereleases.ok) return prereleases;
  const locked = input.locked === undefined ? null : validateLocked(input.locked);
  if (locked !== null && !locked.ok) return locked;
  return {
    ok: true,
    value: {
      requirements: input.requirements, constraints: input.constraints ?? [], indexes: input.indexes, offline: input.offline ?? false,
      target, environment: environment.value, prereleases: prereleases.value, locked: locked === null ? null : locked.value,
    },
  };
}

function refuse<T>(message: string, field: string | undefined): Result<T> {
  return { ok: false, error: invalidArgument(message, field) };
}
