import { describe, expect, it } from "vitest";
import { environmentFor, parseMarker } from "../pep508/index.js";
import { dnfText, markerDnf } from "./marker-dnf.js";
import { lockStack, type LockFile, type LockPackageData } from "./locked-stack.js";

const env38 = environmentFor({ python: "3.8", platform: "windows" });
const data = (requiresDist: string[], files: LockPackageData["files"] = []): LockPackageData => ({ requiresDist, requiresPython: null, files });
const file = (filename: string, sha256?: string): LockFile => ({ filename, url: `http://127.0.0.1:1/files/${filename}`, size: 10, uploadTime: null, hashes: sha256 !== undefined ? { sha256 } : {} });

describe("markerDnf", () => {
  const dnf = (text: string, extras: string[] = []) => {
    const m = parseMarker(text);
    if (!m.ok) throw new Error(m.error.message);
    return dnfText(markerDnf(m.value, new Set(extras)));
  };
  it("decides extras and keeps the environment's clauses", () => {
    expect(dnf('python_version < "3.10" and extra == "socks"', ["socks"])).toBe('python_version < "3.10"');
    expect(dnf('extra == "socks"', ["socks"])).toBeNull();
    expect(dnf('sys_platform == "win32" or python_version < "3.8"')).toBe('python_version < "3.8" or sys_platform == "win32"');
    expect(dnf('(sys_platform == "win32" or sys_platform == "cygwin") and python_version >= "3"')).toBe(
      '(python_version >= "3" and sys_platform == "cygwin") or (python_version >= "3" and sys_platform == "win32")',
    );
  });
});

describe("lockStack", () => {
  it("records what requires each package, its marker through its dependents, its groups and its files", () => {
    const stack = lockStack({
      pins: { flask: "2.2.5", click: "8.1.7", "importlib-metadata": "4.10.1", zipp: "3.7.0", pytest: "7.0.0", colorama: "0.4.6" },
      roots: [
        { requirement: "flask<2.3", group: "default", source: "Pipfile [packages]" },
        { requirement: "pytest", group: "dev", source: "Pipfile [dev-packages]" },
      ],
      packages: new Map([
        ["flask", data(["click>=8.0", 'importlib-metadata>=3.6.0; python_version < "3.10"', 'asgiref>=3.2; extra == "async"'], [file("flask-2.2.5-py3-none-any.whl", "a".repeat(64))])],
        ["click", data(['colorama; platform_system == "Windows"'], [file("click-8.1.7.tar.gz", "b".repeat(64))])],
        ["importlib-metadata", data(["zipp>=0.5"])],
        ["zipp", data([])],
        ["pytest", data(["click", 'colorama; sys_platform == "win32"'])],
        ["colorama", data([])],
      ]),
      environment: env38,
    });
    const byName = Object.fromEntries(stack.packages.map((p) => [p.name, p]));
    expect(stack.packages.map((p) => p.name)).toEqual(["click", "colorama", "flask", "importlib-metadata", "pytest", "zipp"]);
    expect(byName.flask).toMatchObject({ marker: null, groups: ["default"], via: ["Pipfile [packages]"], dependencies: ["click", "importlib-metadata"] });
    expect(byName.click).toMatchObject({ marker: null, groups: ["default", "dev"], via: ["flask", "pytest"] });
    expect(byName["importlib-metadata"]).toMatchObject({ marker: 'python_version < "3.10"', via: ["flask"] });
    // needed only where its dependent is: the marker carries over
    expect(byName.zipp).toMatchObject({ marker: 'python_version < "3.10"', via: ["importlib-metadata"] });
    // needed on this target (Windows) through two requirements with markers: needed where either holds
    expect(byName.colorama).toMatchObject({ marker: 'platform_system == "Windows" or sys_platform == "win32"', groups: ["default", "dev"] });
    expect(byName.pytest).toMatchObject({ groups: ["dev"], via: ["Pipfile [dev-packages]"] });
    expect(stack.missingHashes).toEqual(["colorama", "importlib-metadata", "pytest", "zipp"]);
  });

  it("follows extras: a dependency of an active extra, and an extra asked by a dependent", () => {
    const stack = lockStack({
      pins: { requests: "2.31.0", pysocks: "1.7.1", app: "1.0", urllib3: "2.0.0" },
      roots: [{ requirement: "app", group: "default", source: "(command line)" }],
      packages: new Map([
        ["app", data(["requests[socks]"])],
        ["requests", data(["urllib3", 'PySocks!=1.5.7,>=1.5.6; extra == "socks"', 'chardet; extra == "use-chardet"'])],
        ["pysocks", data([])],
        ["urllib3", data([])],
      ]),
      environment: env38,
    });
    expect(stack.packages.find((p) => p.name === "pysocks")).toMatchObject({ marker: null, via: ["requests"] });
    expect(stack.packages.find((p) => p.name === "requests")?.dependencies).toEqual(["pysocks", "urllib3"]);
  });

  it("leaves out requirements whose marker fails on the target", () => {
    const stack = lockStack({
      pins: { a: "1.0" },
      roots: [{ requirement: "a", group: "default", source: "x" }, { requirement: 'b; sys_platform == "linux"', group: "default", source: "x" }],
      packages: new Map([["a", data(['b; sys_platform == "linux"'])]]),
      environment: env38,
    });
    expect(stack.packages).toHaveLength(1);
    expect(stack.packages[0]).toMatchObject({ name: "a", via: ["x"], dependencies: [], files: [] });
  });
});
