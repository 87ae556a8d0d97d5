import { describe, expect, it } from "vitest";
import { environmentFor } from "../pep508/index.js";
import { parsePlatform, platformTag, validateResolveRequest, validateRuntimeEnvironment } from "./index.js";

const ok = { requirements: ["flask"], indexes: ["/data/graph.json"] };

describe("runtime environment", () => {
  it("takes every part and types it", () => {
    expect(validateRuntimeEnvironment({
      implementation: "PyPy", osName: "RHEL", osVersion: "8", cudaVersion: "11.8", cpuFamily: "6", cpuModel: 85, gpuModel: " NVIDIA A100 ",
      baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0",
    })).toEqual({
      ok: true,
      value: {
        implementation: "pypy", os: { name: "rhel", version: "8" }, cudaVersion: "11.8", hardware: { cpuFamily: 6, cpuModel: 85, gpuModel: "NVIDIA A100" },
        baseImage: "quay.io/thoth-station/s2i-thoth-ubi8-py38:v0.29.0",
      },
    });
    expect(validateRuntimeEnvironment({})).toEqual({ ok: true, value: {} });
  });

  it("refuses bad parts naming the field", () => {
    const field = (input: Parameters<typeof validateRuntimeEnvironment>[0]) => {
      const r = validateRuntimeEnvironment(input);
      return r.ok ? null : [r.error.field, r.error.message];
    };
    expect(field({ implementation: "jython" })).toEqual(["implementation", 'expected cpython or pypy, got "jython"']);
    expect(field({ osVersion: "8" })).toEqual(["osVersion", "an OS version needs an OS name"]);
    expect(field({ osName: "red hat" })?.[0]).toBe("osName");
    expect(field({ cudaVersion: "eleven" })).toEqual(["cudaVersion", 'expected a CUDA version such as "11.8", got "eleven"']);
    expect(field({ cpuFamily: "-1" })?.[0]).toBe("cpuFamily");
    expect(field({ cpuModel: 70_000 })?.[0]).toBe("cpuModel");
    expect(field({ gpuModel: "a\nb" })?.[0]).toBe("gpuModel");
    expect(field({ baseImage: "an image" })?.[0]).toBe("baseImage");
  });

  it("goes into the request's target, and the environment follows the platform tag", () => {
    const r = validateResolveRequest({ ...ok, python: "3.9", platform: "linux-aarch64", cudaVersion: "12.1", osName: "ubi", osVersion: "9", gpuModel: "T4" });
    expect(r.ok && r.value.target).toEqual({ python: "3.9", platform: "linux", machine: "aarch64", cudaVersion: "12.1", os: { name: "ubi", version: "9" }, hardware: { gpuModel: "T4" } });
    expect(r.ok && r.value.environment.platform_machine).toBe("aarch64");
    const bad = validateResolveRequest({ ...ok, cpuFamily: "six" });
    expect(bad.ok ? null : bad.error.field).toBe("cpuFamily");
  });

  it("platform tags: Thoth's and sysconfig's words, and the tag of a target", () => {
    expect(parsePlatform("linux-x86_64")).toEqual({ ok: true, value: { platform: "linux", machine: "x86_64" } });
    expect(parsePlatform("win-amd64")).toEqual({ ok: true, value: { platform: "windows", machine: "amd64" } });
    expect(parsePlatform("macosx-arm64")).toEqual({ ok: true, value: { platform: "macos", machine: "arm64" } });
    expect(parsePlatform("win32")).toEqual({ ok: true, value: { platform: "windows", machine: "x86" } });
    for (const bad of ["beos", "linux-", "Linux-x86_64"]) expect(parsePlatform(bad).ok, bad).toBe(false);
    const tag = (t: Parameters<typeof environmentFor>[0]) => platformTag(t, environmentFor(t));
    expect(tag({ python: "3.11", platform: "linux" })).toBe("linux-x86_64");
    expect(tag({ python: "3.11", platform: "linux", machine: "arm64" })).toBe("linux-aarch64");
    expect(tag({ python: "3.11", platform: "macos" })).toBe("macos-arm64");
    expect(tag({ python: "3.11", platform: "windows" })).toBe("win-amd64");
    expect(tag({ python: "3.11", platform: "windows", machine: "i686" })).toBe("win32");
  });

  it("a lock's pins: names normalized, versions checked", () => {
    const r = validateResolveRequest({ ...ok, locked: { Flask: "2.0.1", "Jinja2": "3.0" } });
    expect(r.ok && r.value.locked).toEqual({ flask: "2.0.1", jinja2: "3.0" });
    const bad = validateResolveRequest({ ...ok, locked: { flask: "two" } });
    expect(bad.ok ? null : bad.error).toEqual({ code: "invalid-argument", field: "locked", message: 'flask: "two" is not a PEP 440 version' });
  });
});
