import { InvalidArgumentError, type Command } from "commander";
import { collect } from "./request-flags.js";

/** A parser for a flag given at most once: a second value is bad input, not silently the winner. */
export function once(value: string, previous: string | undefined): string {
  if (previous !== undefined) throw new InvalidArgumentError(`given twice (${JSON.stringify(previous)} and ${JSON.stringify(value)}); give it once`);
  return value;
}

/** The options that select parts of a project file and describe the runtime environment beyond Python and the platform. */
export function withProjectOptions(command: Command): Command {
  return command
    .option("--extra <name>", "with a pyproject.toml: add the requirements of this extra (repeatable)", collect)
    .option("--all-extras", "with a pyproject.toml: add every extra's requirements")
    .option("--group <name>", "add a dependency group (pyproject.toml [dependency-groups], a Pipfile category; repeatable)", collect)
    .option("--dev", "add the development requirements (a Pipfile's [dev-packages], a pyproject.toml's dev group)")
    .option("--python-implementation <name>", "cpython (default) or pypy", once)
    .option("--os-name <name>", "the OS distribution prescriptions match on: rhel, fedora, ubi, ubuntu, ...", once)
    .option("--os-version <version>", "its version: 8, 35, 22.04, ...", once)
    .option("--cuda-version <X.Y>", "the CUDA version (default: no CUDA)", once)
    .option("--cpu-family <n>", "the CPU family number (/proc/cpuinfo)", once)
    .option("--cpu-model <n>", "the CPU model number (/proc/cpuinfo)", once)
    .option("--gpu-model <name>", "the GPU model (default: none)", once)
    .option("--base-image <image>", "the container image the stack runs in (registry/name:tag)", once)
    .option("--runtime-environment <name>", "take the runtime environment of that name from Thoth's .thoth.yaml (flags override its values)", once)
    .option("--thoth-config <file>", "the .thoth.yaml --runtime-environment reads (default: beside the project file, else in the working directory)");
}
