import { describe, expect, it } from "vitest";
import { NO_GROUPS, type GroupSelection } from "./project-file.js";
import { readPyproject } from "./pyproject-file.js";

const PYPROJECT = `
[project]
name = "My_App"
requires-python = ">=3.9"
dependencies = ["flask>=2", "requests[socks]; python_version >= '3.8'"]

[project.optional-dependencies]
db = ["sqlalchemy>=2"]
all = ["my-app[db,cache]"]
cache = ["redis"]

[dependency-groups]
test = ["pytest>=7", {include-group = "lint"}]
lint = ["ruff"]
dev = [{include-group = "test"}, "ipython"]
`;

const read = (text: string, selection: Partial<GroupSelection> = {}) => readPyproject(text, "pyproject.toml", { ...NO_GROUPS, ...selection });
const texts = (r: ReturnType<typeof read>) => (r.ok ? r.value.requirements.map((q) => `${q.group}: ${q.text}`) : r.error);

describe("pyproject.toml", () => {
  it("reads [project] dependencies, requires-python and the groups there are", () => {
    const r = read(PYPROJECT);
    expect(texts(r)).toEqual(["default: flask>=2", "default: requests[socks]; python_version >= '3.8'"]);
    expect(r.ok && r.value).toMatchObject({ kind: "pyproject", name: "my-app", requiresPython: ">=3.9", groups: ["test", "lint", "dev", "extra:db", "extra:all", "extra:cache"] });
    expect(r.ok && r.value.requirements[0]!.source).toBe("my-app (pyproject.toml)");
  });

  it("adds extras (the project's own extras expanded) and PEP 735 groups with include-group", () => {
    expect(texts(read(PYPROJECT, { extras: ["all"] }))).toEqual(["default: flask>=2", "default: requests[socks]; python_version >= '3.8'", "extra:all: redis", "extra:all: sqlalchemy>=2"]);
    expect(texts(read(PYPROJECT, { allExtras: true })).length).toBe(2 + 1 + 2 + 1);
    expect(texts(read(PYPROJECT, { groups: ["Test"] }))).toEqual(["default: flask>=2", "default: requests[socks]; python_version >= '3.8'", "test: pytest>=7", "test: ruff"]);
    expect(texts(read(PYPROJECT, { dev: true })).slice(2)).toEqual(["dev: pytest>=7", "dev: ruff", "dev: ipython"]);
  });

  it("names the file, the key and what was expected", () => {
    expect(texts(read(PYPROJECT, { extras: ["nope"] }))).toBe('pyproject.toml: --extra nope: no extra "nope" in [project.optional-dependencies] (extras: db, all, cache)');
    expect(texts(read(PYPROJECT, { groups: ["docs"] }))).toBe('pyproject.toml: --group docs: no dependency group "docs" in [dependency-groups] (groups: test, lint, dev)');
    expect(texts(read('[project]\nname = "a"\ndependencies = ["flask", "req>="]\n'))).toMatch(/^pyproject\.toml: \[project\] dependencies\[1\]: invalid requirement "req>=": /);
    expect(texts(read('[project]\ndependencies = "flask"\n'))).toBe('pyproject.toml: [project] dependencies: expected an array of requirements, got the string "flask"');
    expect(texts(read('[project]\nname = "a"\ndynamic = ["dependencies"]\n'))).toMatch(/\[project\] dependencies: dynamic/);
    expect(texts(read('[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}]\n', { groups: ["a"] }))).toMatch(/include-group cycle a -> b -> a/);
    expect(texts(read('[tool.black]\nline-length = 100\n'))).toBe("pyproject.toml: no [project] or [dependency-groups] table: nothing to resolve");
    expect(texts(read('[project]\nname = "a"\ndependencies = [\n'))).toMatch(/^pyproject\.toml:4:1: invalid TOML/);
    expect(texts(read('[project]\nname = "a"\nrequires-python = "3.9"\ndependencies = ["x"]\n'))).toMatch(/requires-python: expected a version specifier/);
    expect(texts(read('[project]\nname = "a"\ndependencies = ["b @ https://example.org/b.whl"]\n'))).toMatch(/direct URL requirements are not supported/);
  });
});
