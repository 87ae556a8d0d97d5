import { invalidArgument, type Result } from "../failure/index.js";
import type { Target } from "../pep508/index.js";

/**
 * The parts of a runtime environment beyond Python and the platform, as a front end hands them
 * over (texts as given; numbers as text or number). The property names are the field names
 * failures give.
 */
export interface RuntimeEnvironmentInput {
  /** `cpython` or `pypy`. */
  readonly implementation?: string;
  /** The OS distribution (`rhel`, `fedora`, `ubi`, `ubuntu`) and its version (`8`, `35`, `22.04`). */
  readonly osName?: string;
  readonly osVersion?: string;
  /** `X.Y`: the CUDA version the stack runs with. */
  readonly cudaVersion?: string;
  /** CPU family and model numbers, as /proc/cpuinfo gives them. */
  readonly cpuFamily?: string | number;
  readonly cpuModel?: string | number;
  readonly gpuModel?: string;
  /** The container image the stack runs in, `registry/name:tag`. */
  readonly baseImage?: string;
}

export type RuntimeParts = Pick<Target, "implementation" | "os" | "hardware" | "cudaVersion" | "baseImage">;

const WORD = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const CUDA = /^\d{1,3}(?:\.\d{1,3}){0,2}$/;
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,499}$/;
const PRINTABLE = /^[^\u0000-\u001f\u007f]{1,200}$/;

/** Validates the runtime environment parts of a request: every refusal is an invalid-argument failure naming the field. */
export function validateRuntimeEnvironment(input: RuntimeEnvironmentInput): Result<RuntimeParts> {
  const out: { -readonly [K in keyof RuntimeParts]: RuntimeParts[K] } = {};
  if (input.implementation !== undefined) {
    const implementation = input.implementation.toLowerCase();
    if (implementation !== "cpython" && implementation !== "pypy") return refuse(`expected cpython or pypy, got ${quoted(input.implementation)}`, "implementation");
    out.implementation = implementation;
  }
  if (input.osVersion !== undefined && input.osName === undefined) return refuse("an OS version needs an OS name", "osVersion");
  if (input.osName !== undefined) {
    if (!WORD.test(input.osName)) return refuse(`expected an OS name such as "rhel", "fedora" or "ubuntu", got ${quoted(input.osName)}`, "osName");
    if (input.osVersion !== undefined && !WORD.test(input.osVersion)) return refuse(`expected an OS version such as "8" or "22.04", got ${quoted(input.osVersion)}`, "osVersion");
    out.os = { name: input.osName.toLowerCase(), ...(input.osVersion !== undefined ? { version: input.osVersion } : {}) };
  }
  if (input.cudaVersion !== undefined) {
    if (!CUDA.test(input.cudaVersion)) return refuse(`expected a CUDA version such as "11.8", got ${quoted(input.cudaVersion)}`, "cudaVersion");
    out.cudaVersion = input.cudaVersion;
  }
  const hardware: { cpuFamily?: number; cpuModel?: number; gpuModel?: string } = {};
  for (const field of ["cpuFamily", "cpuModel"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const text = String(value).trim();
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) return refuse(`expected a whole number from 0 to 65535, got ${quoted(value)}`, field);
    hardware[field] = Number(text);
  }
  if (input.gpuModel !== undefined) {
    if (!PRINTABLE.test(input.gpuModel) || input.gpuModel.trim() === "") return refuse(`expected a GPU model name such as "NVIDIA A100", got ${quoted(input.gpuModel)}`, "gpuModel");
    hardware.gpuModel = input.gpuModel.trim();
  }
  if (Object.keys(hardware).length > 0) out.hardware = hardware;
  if (input.baseImage !== undefined) {
    if (!IMAGE.test(input.baseImage)) return refuse(`expected an image name such as "quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0", got ${quoted(input.baseImage)}`, "baseImage");
    out.baseImage = input.baseImage;
  }
  return { ok: true, value: out };
}

const quoted = (value: string | number): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

function refuse<T>(message: string, field: string): Result<T> {
  return { ok: false, error: invalidArgument(message, field) };
}
