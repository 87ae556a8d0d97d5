import type { Environment, Target } from "../pep508/index.js";
import type { InclusionEnvironment } from "../prescription/index.js";

/** Thoth's platform words (Python's sysconfig): `linux-x86_64`, `macosx-arm64`, `win-amd64`. */
function thothPlatform(target: Target, environment: Environment): string {
  const os = { linux: "linux", macos: "macosx", windows: "win" }[target.platform];
  return `${os}-${environment.platform_machine.toLowerCase()}`;
}

/**
 * What prescriptions' `runtime_environments` match against, from a request's target: the OS
 * distribution, hardware, Python version, CUDA version, platform and base image. A part the target
 * does not state is null, as in Thoth (so `cuda_version: null` matches a target without CUDA).
 */
export function inclusionEnvironment(target: Target, environment: Environment): InclusionEnvironment {
  return {
    ...(target.os !== undefined ? { operatingSystem: { name: target.os.name, ...(target.os.version !== undefined ? { version: target.os.version } : {}) } } : {}),
    hardware: { cpuFamily: target.hardware?.cpuFamily ?? null, cpuModel: target.hardware?.cpuModel ?? null, gpuModel: target.hardware?.gpuModel ?? null },
    pythonVersion: environment.python_version,
    cudaVersion: target.cudaVersion ?? null,
    platform: thothPlatform(target, environment),
    baseImage: target.baseImage ?? null,
  };
}
