import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withExtraMarker } from "./extra-marker.js";
import { loadPackseScenario } from "./load-snapshot.js";
import { packseCatalog } from "./packse-catalog.js";
import { parsePackseScenario } from "./packse-scenario.js";
import { sharedData } from "./shared-data.test-support.js";

const SCENARIO = `
name = "demo"
description = "extras, yanked, requires-python and tags"
[root]
requires = ["a[all]"]
requires_python = ">=3.9"
[expected]
satisfiable = true
explanation = "because"
[expected.packages]
A_x = "1.0.0"
[packages.a_x.versions."1.0.0"]
requires = ["b; sys_platform == 'linux'"]
requires_python = ">=3.10"
wheel_tags = ["cp311-cp311-manylinux_2_17_x86_64", "py3-none-any"]
sdist = false
[packages.a_x.versions."1.0.0".extras]
all = ["a[dev]", "c>=1; python_version < '3.12' or os_name == 'nt'"]
dev = ["d"]
[packages.a_x.versions."0.9.0"]
yanked = true
wheel = false
[resolver_options]
universal = true
python = "3.11"
prereleases = true
required_environments = ['sys_platform == "linux"']
custom = 3
[environment]
python = "3.12"
`;

describe("packse scenarios", () => {
  it("reads the scenario fields", () => {
    const s = parsePackseScenario(SCENARIO, "demo.toml");
    expect(s.name).toBe("demo");
    expect(s.root).toEqual({ requires: ["a[all]"], requiresPython: ">=3.9" });
    expect(s.expected).toEqual({ satisfiable: true, packages: { "a-x": "1.0.0" }, explanation: "because" });
    expect(s.resolverOptions).toMatchObject({ universal: true, python: "3.11", prereleases: true, pythonPlatform: null, requiredEnvironments: ['sys_platform == "linux"'], other: { custom: 3 } });
    expect(s.environment).toEqual({ python: "3.12", additionalPython: [] });
    expect([...s.packages.keys()]).toEqual(["a-x"]);
  });

  it("maps extras, yanked, requires_python and files into the catalog", () => {
    const c = packseCatalog(parsePackseScenario(SCENARIO, "demo.toml"));
    const m = c.metadataSync("a-x", "1.0.0");
    expect(m).toEqual({
      kind: "found",
      value: {
        requiresDist: ["b; sys_platform == 'linux'", 'a[dev] ; extra == "all"', `c>=1 ; (python_version < '3.12' or os_name == 'nt') and extra == "all"`, 'd ; extra == "dev"'],
        requiresPython: ">=3.10",
        providesExtra: ["all", "dev"],
      },
    });
    const v = c.versionsSync("a-x");
    if (v.kind !== "found") throw new Error("not found");
    expect(v.value.map((i) => [i.version, i.yanked, i.requiresPython, i.files?.map((f) => f.filename)])).toEqual([
      ["1.0.0", false, ">=3.10", ["a_x-1.0.0-cp311-cp311-manylinux_2_17_x86_64.whl", "a_x-1.0.0-py3-none-any.whl"]],
      ["0.9.0", true, null, ["a_x-0.9.0.tar.gz"]],
    ]);
  });

  it("combines extras with URL requirements and bare names", () => {
    expect(withExtraMarker("b", "x")).toBe('b ; extra == "x"');
    expect(withExtraMarker("b @ https://h/p;q=1.whl ; os_name == 'nt'", "x")).toBe(`b @ https://h/p;q=1.whl ; (os_name == 'nt') and extra == "x"`);
    expect(withExtraMarker("b @ https://h/p;q=1.whl", "x")).toBe('b @ https://h/p;q=1.whl ; extra == "x"');
  });

  it("names the file and field of a bad scenario", () => {
    expect(() => parsePackseScenario("name = ", "bad.toml")).toThrow(/^bad\.toml: not valid TOML/);
    expect(() => parsePackseScenario('name = "x"\n[root]\nrequires = "a"', "bad.toml")).toThrow("bad.toml: root.requires: expected a list of strings");
    expect(() => parsePackseScenario('name = "x"\n[packages.a.versions."1.0"]\nyanked = "yes"', "bad.toml")).toThrow('bad.toml: packages.a.versions."1.0".yanked: expected true or false');
    expect(() => parsePackseScenario('description = "x"', "bad.toml")).toThrow("bad.toml: name: missing");
  });
});

const data = sharedData();
describe.skipIf(data === null)("shared packse scenarios (skipped without ../shared/data)", () => {
  it("every scenario parses and its catalog answers for every version", () => {
    const root = join(data as string, "packse");
    let scenarios = 0;
    for (const category of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(join(root, category.name)).filter((x) => x.endsWith(".toml"))) {
        const s = loadPackseScenario(join(root, category.name, f));
        const c = packseCatalog(s);
        for (const p of c.projects()) {
          const v = c.versionsSync(p);
          if (v.kind !== "found") throw new Error(`${f}: ${p}`);
          for (const i of v.value) expect(c.metadataSync(p, i.version).kind).toBe("found");
        }
        scenarios++;
      }
    }
    expect(scenarios).toBeGreaterThan(100);
  });

  it("reads yanked, requires_python, wheel tags and extras from the shared files", () => {
    const root = join(data as string, "packse");
    const yanked = packseCatalog(loadPackseScenario(join(root, "yanked/package-yanked-specified-mixed-available.toml")));
    const v = yanked.versionsSync("a");
    expect(v.kind === "found" && v.value.filter((i) => i.yanked).map((i) => i.version)).toEqual(["0.2.0", "1.0.0"]);
    const wheels = loadPackseScenario(join(root, "tag_and_markers/requires-python-wheels.toml"));
    expect(wheels.root.requiresPython).toBe(">=3.10");
    expect(wheels.environment.python).toBe("3.12");
    const w = packseCatalog(wheels).versionsSync("a");
    expect(w.kind === "found" && w.value[0].files?.map((f) => f.filename)).toEqual(["a-1.0.0-cp311-cp311-any.whl", "a-1.0.0-cp310-cp310-any.whl", "a-1.0.0-cp39-cp39-any.whl", "a-1.0.0.tar.gz"]);
    const extras = packseCatalog(loadPackseScenario(join(root, "extras/all-extras-required.toml")));
    const m = extras.metadataSync("a", "1.0.0");
    expect(m.kind === "found" && m.value.requiresDist).toEqual(['a[extra_b] ; extra == "all"', 'a[extra_c] ; extra == "all"', 'b ; extra == "extra_b"', 'c ; extra == "extra_c"']);
    const platform = loadPackseScenario(join(root, "wheels/no-sdist-no-wheels-with-matching-platform.toml"));
    expect(platform.resolverOptions.pythonPlatform).toBe("x86_64-manylinux2014");
  });
});
