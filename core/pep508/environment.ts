import { invalidArgument, type Result } from "../failure/index.js";

/** The PEP 508 marker variables and their values for one target. */
export interface Environment {
  readonly [variable: string]: string;
}

/** An operating system distribution as Thoth names it (`operating_system`): `rhel` `8`, `fedora` `35`, `ubi` `8`. */
export interface OperatingSystem {
  /** Lowercase. */
  readonly name: string;
  readonly version?: string;
}

/** The processor and accelerator (Thoth's `hardware`): CPU family and model as /proc/cpuinfo numbers them, the GPU model's name. */
export interface Hardware {
  readonly cpuFamily?: number;
  readonly cpuModel?: number;
  readonly gpuModel?: string;
}

/**
 * The runtime environment a request is for (glossary: target): Python version and implementation,
 * operating system (`platform`, with the machine: marker values and wheel tags follow from them),
 * and what prescriptions match on besides: the OS distribution, hardware, CUDA version and base
 * image. Absent optional parts are unknown (Thoth: null).
 */
export interface Target {
  /** "3.8" or "3.8.10" (a pre-release such as "3.13.0rc1" is accepted). */
  readonly python: string;
  readonly platform: "linux" | "macos" | "windows";
  /** Default: x86_64 (AMD64 on Windows), arm64 on macOS. Common aliases are mapped to each OS's spelling. */
  readonly machine?: string;
  /** Default: cpython. */
  readonly implementation?: "cpython" | "pypy";
  readonly os?: OperatingSystem;
  readonly hardware?: Hardware;
  /** `X.Y` (or `X`, `X.Y.Z`); absent: no CUDA. */
  readonly cudaVersion?: string;
  /** The container image the stack runs in, `registry/name:tag`. */
  readonly baseImage?: string;
}

const PYTHON = /^(\d+)\.(\d+)(?:\.(\d+))?((?:a|b|rc)\d+)?$/;

const MACHINE_ALIASES: Record<Target["platform"], Record<string, string>> = {
  linux: { amd64: "x86_64", x64: "x86_64", arm64: "aarch64", x86: "i686" },
  macos: { aarch64: "arm64", amd64: "x86_64", x64: "x86_64" },
  windows: { x86_64: "AMD64", amd64: "AMD64", x64: "AMD64", arm64: "ARM64", aarch64: "ARM64", i686: "x86", i386: "x86" },
};

const DEFAULT_MACHINE: Record<Target["platform"], string> = { linux: "x86_64", macos: "arm64", windows: "AMD64" };

/** Representative OS values (what `platform` reports on a current release of each OS). */
const OS: Record<Target["platform"], { os_name: string; sys_platform: string; platform_system: string; platform_release: string; platform_version: string }> = {
  linux: { os_name: "posix", sys_platform: "linux", platform_system: "Linux", platform_release: "6.1.0", platform_version: "#1 SMP PREEMPT_DYNAMIC" },
  macos: {
    os_name: "posix", sys_platform: "darwin", platform_system: "Darwin", platform_release: "23.6.0",
    platform_version: "Darwin Kernel Version 23.6.0",
  },
  windows: { os_name: "nt", sys_platform: "win32", platform_system: "Windows", platform_release: "10", platform_version: "10.0.19045" },
};

/** PyPy's own version for each Python it implements (implementation_version); newer Pythons use the last entry. */
const PYPY_VERSIONS: readonly (readonly [string, string])[] = [
  ["3.6", "7.3.3"], ["3.7", "7.3.9"], ["3.8", "7.3.11"], ["3.9", "7.3.16"], ["3.10", "7.3.19"], ["3.11", "7.3.20"],
];

/**
 * A complete environment for a target, with the keys of packaging's `default_environment()`.
 * A bare "3.8" gives python_full_version "3.8.0". Invalid input (a python that is not
 * `X.Y[.Z][pre]`, an unknown platform or machine) is an invalid-argument failure naming the field
 * (`python`, `platform`, `machine`, `implementation`).
 */
export function targetEnvironment(t: Target): Result<Environment> {
  const m = PYTHON.exec(t.python);
  if (m === null) return refuse(`expected "X.Y" or "X.Y.Z" (e.g. "3.8.10"), got ${JSON.stringify(t.python)}`, "python");
  const os = OS[t.platform];
  if (os === undefined) return refuse(`expected "linux", "macos" or "windows", got ${JSON.stringify(t.platform)}`, "platform");
  const implementation = t.implementation ?? "cpython";
  if (implementation !== "cpython" && implementation !== "pypy") {
    return refuse(`expected "cpython" or "pypy", got ${JSON.stringify(t.implementation)}`, "implementation");
  }
  const major = String(Number(m[1]));
  const minor = String(Number(m[2]));
  const pythonVersion = `${major}.${minor}`;
  const full = `${pythonVersion}.${m[3] === undefined ? "0" : String(Number(m[3]))}${m[4] ?? ""}`;
  let machine = DEFAULT_MACHINE[t.platform];
  if (t.machine !== undefined) {
    if (t.machine === "" || /\s/.test(t.machine)) return refuse(`expected a machine name such as "x86_64", got ${JSON.stringify(t.machine)}`, "machine");
    machine = MACHINE_ALIASES[t.platform][t.machine.toLowerCase()] ?? t.machine;
  }
  let implementationVersion = full;
  if (implementation === "pypy") {
    implementationVersion = PYPY_VERSIONS[PYPY_VERSIONS.length - 1]![1];
    for (const [py, v] of PYPY_VERSIONS) if (py === pythonVersion) implementationVersion = v;
  }
  return {
    ok: true,
    value: Object.freeze({
      implementation_name: implementation,
      implementation_version: implementationVersion,
      os_name: os.os_name,
      platform_machine: machine,
      platform_release: os.platform_release,
      platform_system: os.platform_system,
      platform_version: os.platform_version,
      python_full_version: full,
      platform_python_implementation: implementation === "pypy" ? "PyPy" : "CPython",
      python_version: pythonVersion,
      sys_platform: os.sys_platform,
    }),
  };
}

const refuse = (message: string, field: string): Result<Environment> => ({ ok: false, error: invalidArgument(message, field) });

/** targetEnvironment for a target known to be valid (tests, fixed targets): invalid input throws a RangeError naming `target.<field>`. */
export function environmentFor(t: Target): Environment {
  const r = targetEnvironment(t);
  if (!r.ok) throw new RangeError(`target.${r.error.field}: ${r.error.message}`);
  return r.value;
}
