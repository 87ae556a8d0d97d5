import { describe, expect, it } from "vitest";
import { readThothConfig, runtimeEnvironmentNamed } from "./thoth-config.js";

const THOTH = `host: khemenu.thoth-station.ninja
tls_verify: false
requirements_format: pipenv

runtime_environments:
  - name: ubi8
    operating_system:
      name: ubi
      version: "8"
    hardware:
      cpu_family: 6
      cpu_model: 94
      gpu_model: null
    python_version: 3.10
    cuda_version: 11.8
    recommendation_type: security
    platform: linux-x86_64
    base_image: quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0
    openblas_version: null
  - name: laptop
    operating_system: null
    python_version: "3.11"
`;

describe(".thoth.yaml", () => {
  it("reads every runtime environment as request input; 3.10 stays 3.10", () => {
    const r = readThothConfig(THOTH, ".thoth.yaml");
    expect(r.ok && r.value.runtimeEnvironments).toEqual([
      {
        name: "ubi8", python: "3.10", platform: "linux-x86_64", recommendation: "security", cudaVersion: "11.8",
        baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0", osName: "ubi", osVersion: "8", cpuFamily: "6", cpuModel: "94",
      },
      { name: "laptop", python: "3.11" },
    ]);
    if (r.ok) expect(runtimeEnvironmentNamed(r.value, "gpu")).toEqual({ ok: false, error: '.thoth.yaml: no runtime environment named "gpu" (runtime_environments: ubi8, laptop)' });
  });

  it("names the file and the key", () => {
    expect(readThothConfig("runtime_environments: [", ".thoth.yaml")).toMatchObject({ ok: false, error: expect.stringMatching(/^\.thoth\.yaml:\d+:\d+: invalid YAML/) });
    expect(readThothConfig("host: x\n", ".thoth.yaml")).toMatchObject({ ok: false, error: ".thoth.yaml: runtime_environments: expected a list of runtime environments" });
    expect(readThothConfig("runtime_environments:\n  - python_version: '3.8'\n", ".thoth.yaml")).toMatchObject({ ok: false, error: ".thoth.yaml: runtime_environments[0].name: every runtime environment needs a name" });
    expect(readThothConfig("runtime_environments:\n  - name: a\n    hardware: [1]\n", ".thoth.yaml")).toMatchObject({ ok: false, error: ".thoth.yaml: runtime_environments[0].hardware: expected a mapping, got an array" });
    expect(readThothConfig("runtime_environments:\n  - name: a\n  - name: a\n", ".thoth.yaml")).toMatchObject({ ok: false, error: '.thoth.yaml: runtime_environments: "a" is named twice' });
  });
});
