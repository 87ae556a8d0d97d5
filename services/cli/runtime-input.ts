/**
 * The runtime environment of a command line: its flags, over the runtime environment `--runtime-environment NAME`
 * names in Thoth's .thoth.yaml (or a notebook's `thoth_config`), over the Python version a
 * project file names (a Pipfile's [requires], a notebook's kernel).
 */
import { dirname, join } from "node:path";
import {
  metadataObject, parseNotebook, readText, readThothConfig, runtimeEnvironmentNamed, thothConfigFromData, type ProjectFile, type ThothConfig, type ThothRuntimeEnvironment,
} from "../../adapters/formats/index.js";
import { parsePlatform, validateRuntimeEnvironment, type RuntimeEnvironmentInput } from "../../core/request/index.js";
import { UsageError } from "./usage-error.js";

/** The runtime environment flags (commander's names). */
export interface RuntimeFlags {
  readonly python?: string;
  readonly platform?: string;
  readonly pythonImplementation?: string;
  readonly osName?: string;
  readonly osVersion?: string;
  readonly cudaVersion?: string;
  readonly cpuFamily?: string;
  readonly cpuModel?: string;
  readonly gpuModel?: string;
  readonly baseImage?: string;
  readonly runtimeEnvironment?: string;
  readonly thothConfig?: string;
}

export interface RuntimeInput {
  /** The request's runtime environment fields (python, platform and the rest), texts as given. */
  readonly input: RuntimeEnvironmentInput & { readonly python?: string; readonly platform?: string };
  /** The runtime environment's recommendation type (Thoth's `recommendation_type`), when it names one. */
  readonly recommendation?: string;
  /** What the user should know (a project file's Python differs from --python). */
  readonly warnings: readonly string[];
}

/** The .thoth.yaml key of each request field, for messages about a runtime environment read from the file. */
const THOTH_KEYS: Readonly<Record<string, string>> = {
  implementation: "python_implementation", osName: "operating_system.name", osVersion: "operating_system.version", cudaVersion: "cuda_version",
  cpuFamily: "hardware.cpu_family", cpuModel: "hardware.cpu_model", gpuModel: "hardware.gpu_model", baseImage: "base_image", platform: "platform",
};

export function readRuntimeInput(flags: RuntimeFlags, projects: readonly ProjectFile[], cwd: string): RuntimeInput {
  const fromFile = flags.runtimeEnvironment === undefined ? null : namedEnvironment(flags.runtimeEnvironment, flags.thothConfig, projects, cwd);
  const projectPython = projects.find((p) => p.python !== null) ?? null;
  const fromFlags: Record<string, string | undefined> = {
    python: flags.python, platform: flags.platform, implementation: flags.pythonImplementation, osName: flags.osName, osVersion: flags.osVersion,
    cudaVersion: flags.cudaVersion, cpuFamily: flags.cpuFamily, cpuModel: flags.cpuModel, gpuModel: flags.gpuModel, baseImage: flags.baseImage,
  };
  const input: Record<string, string> = {};
  if (projectPython !== null) input.python = projectPython.python!;
  if (fromFile !== null) for (const [k, v] of Object.entries(fromFile.environment)) if (v !== undefined && k !== "name" && k !== "recommendation") input[k] = v as string;
  // An OS named by flag replaces the file's OS as a whole (its version too).
  if (flags.osName !== undefined) delete input.osVersion;
  for (const [k, v] of Object.entries(fromFlags)) if (v !== undefined) input[k] = v;
  const warnings: string[] = [];
  const differs = (a: string, b: string) => a.split(".").slice(0, 2).join(".") !== b.split(".").slice(0, 2).join(".");
  if (projectPython !== null && input.python !== projectPython.python && differs(input.python!, projectPython.python!)) {
    const by = flags.python !== undefined ? "--python" : `the runtime environment ${JSON.stringify(flags.runtimeEnvironment)}`;
    warnings.push(`${projectPython.path} names Python ${projectPython.python}; the target is Python ${input.python} (${by})`);
  }
  return { input, ...(fromFile?.environment.recommendation !== undefined ? { recommendation: fromFile.environment.recommendation } : {}), warnings };
}

/** The runtime environment of that name, from --thoth-config, a notebook's thoth_config, or the .thoth.yaml beside the project file (else in the working directory). */
function namedEnvironment(name: string, configPath: string | undefined, projects: readonly ProjectFile[], cwd: string): { environment: ThothRuntimeEnvironment } {
  let config: ThothConfig | null = null;
  if (configPath === undefined) {
    for (const p of projects.filter((q) => q.kind === "notebook")) {
      const text = readText(p.path);
      const notebook = text.ok ? parseNotebook(text.value, p.path) : null;
      const data = notebook?.ok ? metadataObject(notebook.value, "thoth_config", p.path) : null;
      if (data?.ok && data.value !== null) {
        const read = thothConfigFromData(data.value, `${p.path}: metadata.thoth_config`);
        if (!read.ok) throw new UsageError(`--runtime-environment: ${read.error}`);
        config = read.value;
        break;
      }
    }
  }
  if (config === null) {
    const path = configPath ?? join(projects.length > 0 ? dirname(projects[0]!.path) : cwd, ".thoth.yaml");
    const text = readText(path);
    if (!text.ok) throw new UsageError(`--runtime-environment: ${text.error} (Thoth's configuration, with runtime_environments; --thoth-config names another file)`);
    const read = readThothConfig(text.value, path);
    if (!read.ok) throw new UsageError(`--runtime-environment: ${read.error}`);
    config = read.value;
  }
  const found = runtimeEnvironmentNamed(config, name);
  if (!found.ok) throw new UsageError(`--runtime-environment: ${found.error}`);
  // Checked here so a bad value names the file's key, not a flag the user did not give.
  const at = `${config.path}: runtime environment ${JSON.stringify(name)}`;
  const checked = validateRuntimeEnvironment(found.value);
  if (!checked.ok) throw new UsageError(`--runtime-environment: ${at}: ${THOTH_KEYS[checked.error.field ?? ""] ?? checked.error.field}: ${checked.error.message}`);
  if (found.value.platform !== undefined) {
    const platform = parsePlatform(found.value.platform);
    if (!platform.ok) throw new UsageError(`--runtime-environment: ${at}: platform: ${platform.error.message}`);
  }
  return { environment: found.value };
}
