import { describe, expect, it } from "vitest";
import { environmentFor } from "./environment.js";

describe("environmentFor", () => {
  it("gives every default_environment() key", () => {
    expect(environmentFor({ python: "3.8.10", platform: "windows", machine: "x86_64" })).toEqual({
      implementation_name: "cpython", implementation_version: "3.8.10", os_name: "nt", platform_machine: "AMD64",
      platform_release: "10", platform_system: "Windows", platform_version: "10.0.19045", python_full_version: "3.8.10",
      platform_python_implementation: "CPython", python_version: "3.8", sys_platform: "win32",
    });
    const mac = environmentFor({ python: "3.11", platform: "macos", implementation: "pypy" });
    expect(mac).toMatchObject({ python_full_version: "3.11.0", sys_platform: "darwin", platform_system: "Darwin", platform_machine: "arm64" });
    expect(mac).toMatchObject({ implementation_name: "pypy", platform_python_implementation: "PyPy", implementation_version: "7.3.20" });
    expect(environmentFor({ python: "3.13.0rc1", platform: "linux", machine: "arm64" })).toMatchObject({
      python_version: "3.13", python_full_version: "3.13.0rc1", platform_machine: "aarch64", sys_platform: "linux",
    });
  });
  it("rejects invalid targets naming the field", () => {
    expect(() => environmentFor({ python: "three", platform: "linux" })).toThrow(/target\.python/);
    expect(() => environmentFor({ python: "3.8", platform: "beos" as "linux" })).toThrow(/target\.platform/);
  });
});
