/**
 * Thoth's `.thoth.yaml` (Thamos's configuration): its `runtime_environments[]`, each with a name,
 * `operating_system` {name, version}, `hardware` {cpu_family, cpu_model, gpu_model},
 * `python_version`, `cuda_version`, `recommendation_type`, `platform` and `base_image`. Read with
 * YAML's failsafe schema, so `python_version: 3.10` stays "3.10"; `null`, `~` or empty is absent.
 */
import { parse, YAMLParseError } from "yaml";
import type { Result } from "../../core/failure/index.js";
import type { RuntimeEnvironmentInput } from "../../core/request/index.js";
import { isTable, kindOf } from "./toml-document.js";

/** One runtime environment of a .thoth.yaml, as request input (validated with the request). */
export interface ThothRuntimeEnvironment extends RuntimeEnvironmentInput {
  readonly name: string;
  readonly python?: string;
  readonly platform?: string;
  readonly recommendation?: string;
}

export interface ThothConfig {
  readonly path: string;
  readonly runtimeEnvironments: readonly ThothRuntimeEnvironment[];
}

const isNull = (v: unknown): boolean => v === undefined || v === null || v === "" || v === "null" || v === "~" || v === "Null" || v === "NULL";

export function readThothConfig(text: string, path: string): Result<ThothConfig, string> {
  let data: unknown;
  try {
    data = parse(text, { schema: "failsafe" });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      return { ok: false, error: `${path}${at ? `:${at.line}:${at.col}` : ""}: invalid YAML: ${error.message.split("\n")[0]}` };
    }
    return { ok: false, error: `${path}: invalid YAML: ${(error as Error).message}` };
  }
  return thothConfigFromData(data, path);
}

/** A .thoth.yaml's data (also as a notebook's `thoth_config` holds it). */
export function thothConfigFromData(data: unknown, path: string): Result<ThothConfig, string> {
  if (!isTable(data)) return { ok: false, error: `${path}: expected a mapping with runtime_environments, got ${kindOf(data)}` };
  const list = data.runtime_environments;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, error: `${path}: runtime_environments: expected a list of runtime environments` };
  const out: ThothRuntimeEnvironment[] = [];
  for (const [i, entry] of list.entries()) {
    const at = `${path}: runtime_environments[${i}]`;
    if (!isTable(entry)) return { ok: false, error: `${at}: expected a mapping, got ${kindOf(entry)}` };
    const text = (key: string, value: unknown): Result<string | undefined, string> => {
      if (isNull(value)) return { ok: true, value: undefined };
      if (typeof value === "string" || typeof value === "number") return { ok: true, value: String(value).trim() };
      return { ok: false, error: `${at}.${key}: expected a string, got ${kindOf(value)}` };
    };
    const fields: Record<string, string | undefined> = {};
    for (const key of ["name", "python_version", "cuda_version", "recommendation_type", "platform", "base_image"]) {
      const v = text(key, entry[key]);
      if (!v.ok) return v;
      fields[key] = v.value;
    }
    if (fields.name === undefined) return { ok: false, error: `${at}.name: every runtime environment needs a name` };
    for (const [section, keys] of [["operating_system", ["name", "version"]], ["hardware", ["cpu_family", "cpu_model", "gpu_model"]]] as const) {
      const table = entry[section];
      if (isNull(table)) continue;
      if (!isTable(table)) return { ok: false, error: `${at}.${section}: expected a mapping, got ${kindOf(table)}` };
      for (const key of keys) {
        const v = text(`${section}.${key}`, table[key]);
        if (!v.ok) return v;
        fields[`${section}.${key}`] = v.value;
      }
    }
    const environment: Record<string, string> = {};
    const set = (key: keyof ThothRuntimeEnvironment, value: string | undefined) => {
      if (value !== undefined) environment[key] = value;
    };
    set("python", fields.python_version);
    set("platform", fields.platform);
    set("recommendation", fields.recommendation_type);
    set("cudaVersion", fields.cuda_version);
    set("baseImage", fields.base_image);
    set("osName", fields["operating_system.name"]);
    set("osVersion", fields["operating_system.version"]);
    set("cpuFamily", fields["hardware.cpu_family"]);
    set("cpuModel", fields["hardware.cpu_model"]);
    set("gpuModel", fields["hardware.gpu_model"]);
    out.push({ name: fields.name, ...environment });
  }
  const names = out.map((e) => e.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return { ok: false, error: `${path}: runtime_environments: ${JSON.stringify(twice)} is named twice` };
  return { ok: true, value: { path, runtimeEnvironments: out } };
}

/** The runtime environment of that name, or an error listing the names there are. */
export function runtimeEnvironmentNamed(config: ThothConfig, name: string): Result<ThothRuntimeEnvironment, string> {
  const found = config.runtimeEnvironments.find((e) => e.name === name);
  if (found !== undefined) return { ok: true, value: found };
  return { ok: false, error: `${config.path}: no runtime environment named ${JSON.stringify(name)} (runtime_environments: ${config.runtimeEnvironments.map((e) => e.name).join(", ")})` };
}
