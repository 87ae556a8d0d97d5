import type { Failure, Warning } from "../../core/failure/index.js";
import { CommandFailure } from "../compose/command-failure.js";

/** The `maat` flag of each request field (core's names); requirement and constraint entries have none (their text says which). */
const FLAGS: Readonly<Record<string, string>> = {
  indexes: "--index", python: "--python", platform: "--platform", prereleases: "--prereleases", recommendation: "--recommendation",
  predictor: "--predictor", budget: "--budget", timeoutSeconds: "--timeout", count: "--count", seed: "--seed", scores: "--scores",
  advisoriesPath: "--advisories", prescriptionsPath: "--prescriptions", weights: "--weight", inFlight: "--in-flight", leafRollouts: "--leaf-rollouts",
  implementation: "--python-implementation", osName: "--os-name", osVersion: "--os-version", cudaVersion: "--cuda-version",
  cpuFamily: "--cpu-family", cpuModel: "--cpu-model", gpuModel: "--gpu-model", baseImage: "--base-image", locked: "--locked",
};

/** The flag of a request field (`indexes[2]` -> `--index`), or undefined. */
export function flagOf(field: string | undefined): string | undefined {
  return field === undefined ? undefined : FLAGS[field.replace(/\[\d+\]$/, "")];
}

/** A failure or a warning as the CLI words it: after the flag of its field, when there is one. */
export function failureText(f: Failure | Warning): string {
  const flag = flagOf(f.field);
  return flag === undefined ? f.message : `${flag}: ${f.message}`;
}

/** The CommandFailure a command throws for `failure`: `maat: --flag: message`, exit code by its code. */
export function commandFailure(failure: Failure): CommandFailure {
  return new CommandFailure(failure, failureText(failure));
}
