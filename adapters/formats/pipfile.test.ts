import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-dir.js";
import { readPipfile } from "./pipfile.js";
import { NO_GROUPS, type GroupSelection } from "./project-file.js";

const PIPFILE = `[[source]]
name = "pypi"
url = "https://pypi.org/simple/"
verify_ssl = true

[[source]]
name = "internal"
url = "https://pypi.internal.example/simple"
verify_ssl = false

[packages]
flask = "*"
requests = {version = ">=2.25", extras = ["socks"]}
numpy = "1.24.0"
pywin32 = {version = "*", sys_platform = "== 'win32'"}
internal-lib = {version = "~=1.0", index = "internal", markers = "python_version >= '3.8'"}

[dev-packages]
pytest = ">=7"

[docs]
sphinx = "*"

[requires]
python_version = "3.10"

[pipenv]
allow_prereleases = true
`;

const read = (text: string, selection: Partial<GroupSelection> = {}) => readPipfile(text, "Pipfile", { ...NO_GROUPS, ...selection });

describe("Pipfile", () => {
  it("reads packages in every form, sources, requires and pipenv settings", () => {
    const r = read(PIPFILE);
    expect(r.ok && r.value.requirements.map((q) => q.text)).toEqual([
      "flask", "requests[socks]>=2.25", "numpy==1.24.0", "pywin32; sys_platform == 'win32'", "internal-lib~=1.0; python_version >= '3.8'",
    ]);
    expect(r.ok && r.value).toMatchObject({
      kind: "pipfile", python: "3.10", pre: true, groups: ["dev", "docs"],
      indexes: [{ name: "pypi", url: "https://pypi.org/simple", verifySsl: true }, { name: "internal", url: "https://pypi.internal.example/simple", verifySsl: false }],
    });
    expect(r.ok && r.value.requirements[0]!).toMatchObject({ group: "default", source: "Pipfile [packages]" });
  });

  it("adds [dev-packages] with --dev and other categories with --group", () => {
    const dev = read(PIPFILE, { dev: true });
    expect(dev.ok && dev.value.requirements.filter((q) => q.group === "dev").map((q) => q.text)).toEqual(["pytest>=7"]);
    const docs = read(PIPFILE, { groups: ["docs"] });
    expect(docs.ok && docs.value.requirements.at(-1)).toMatchObject({ text: "sphinx", group: "docs", source: "Pipfile [docs]" });
  });

  it("names the file, the key and what was expected", () => {
    const error = (text: string, selection: Partial<GroupSelection> = {}) => {
      const r = read(text, selection);
      return r.ok ? null : r.error;
    };
    expect(error('[packages]\nmylib = {path = "."}\n')).toBe("Pipfile: [packages] mylib: path requirements are not supported (only packages from an index)");
    expect(error('[packages]\na = {version = "*", index = "nope"}\n')).toBe('Pipfile: [packages] a: index: the string "nope" names no [[source]]');
    expect(error('[packages]\na = 3\n')).toBe('Pipfile: [packages] a: expected a version string ("*", ">=1.0") or a table, got the number 3');
    expect(error('[packages]\na = ">=="\n')).toMatch(/^Pipfile: \[packages\] a: invalid requirement "a>==":/);
    expect(error('[packages]\na = "*"\n[requires]\npython_version = "three"\n')).toBe('Pipfile: [requires] python_version: expected a version such as "3.11", got the string "three"');
    expect(error('[packages]\na = "*"\n', { groups: ["docs"] })).toBe("Pipfile: --group docs: no [docs] category in the Pipfile");
    expect(error('[packages]\na = "*"\n', { extras: ["x"] })).toMatch(/a Pipfile has no extras/);
    expect(error("[[source]]\nurl = \"https://${HOST}/simple\"\n[packages]\na = \"*\"\n")).toMatch(/environment variables in source URLs are not expanded/);
    expect(error('[packages]\nflask = "*"\nflask = "*"\n')).toMatch(/^Pipfile:3:\d+: invalid TOML/);
  });

  const pipenv = "/usr/lib/python3/dist-packages/pipenv";
  it.skipIf(!existsSync(pipenv))("hashes the Pipfile as pipenv does (plette's Pipfile.get_hash, run by Debian's python3)", () => {
    const d = tempDir("maat-pipfile-");
    const cases = [
      PIPFILE,
      '[packages]\nflask = "*"\n',
      '[[source]]\nname = "mïrrör \\"ü\\" \\U0001F600"\nurl = "http://127.0.0.1:1/simple"\nverify_ssl = false\n[packages]\n"Zope.Interface" = {version = ">=5", extras = ["test", "docs"]}\n[requires]\npython_full_version = "3.11.2"\n[scripts]\nx = "echo"\n',
    ];
    for (const [i, text] of cases.entries()) {
      const path = join(d, `Pipfile${i}`);
      writeFileSync(path, text);
      const script = "import sys; sys.path.insert(0, '/usr/lib/python3/dist-packages')\nfrom pipenv.vendor import plette\nprint(plette.Pipfile.load(open(sys.argv[1])).get_hash().value)";
      const oracle = spawnSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8", timeout: 30_000 });
      expect(oracle.status, oracle.stderr).toBe(0);
      const r = readPipfile(text, path, { ...NO_GROUPS, groups: text.includes("[docs]") ? ["docs"] : [] });
      expect(r.ok && r.value.pipfile?.hash, `case ${i}`).toBe(oracle.stdout.trim());
    }
  });
});
