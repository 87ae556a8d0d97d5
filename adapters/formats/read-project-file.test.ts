import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-dir.js";
import { NO_GROUPS } from "./project-file.js";
import { findProjectFile, looksLikeProjectFile, readProjectFile } from "./read-project-file.js";

function dir(files: Record<string, string>): string {
  const d = tempDir("maat-project-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const notebook = (metadata: Record<string, unknown>) => JSON.stringify({ cells: [], metadata, nbformat: 4, nbformat_minor: 5 }, null, 1);

describe("project files by name and content", () => {
  const d = dir({
    "pyproject.toml": '[project]\nname = "a"\ndependencies = ["flask"]\n',
    Pipfile: '[packages]\nflask = "*"\n',
    "deps.toml": '[packages]\nclick = "*"\n',
    "reqs.in": "[project]\ndependencies = ['jinja2']\n",
    "requirements.txt": "flask\n-i http://127.0.0.1:1/simple\n",
    "nb.ipynb": notebook({ language_info: { version: "3.9.7" }, requirements: JSON.stringify({ packages: { flask: "*" }, requires: { python_version: "3.9" } }) }),
    "bare.ipynb": notebook({ language_info: { version: "3.10.4" } }),
    "kernel.ipynb": notebook({ language_info: { version: "3.10.4" }, requirements: { packages: { flask: "*" } } }),
    "Pipfile.lock": "{}",
    "odd.toml": "[tool.x]\na = 1\n",
  });
  const read = (name: string) => readProjectFile(join(d, name), NO_GROUPS);

  it("reads each kind", () => {
    expect(read("pyproject.toml")).toMatchObject({ ok: true, value: { kind: "pyproject", requirements: [{ text: "flask" }] } });
    expect(read("Pipfile")).toMatchObject({ ok: true, value: { kind: "pipfile", requirements: [{ text: "flask" }] } });
    expect(read("deps.toml")).toMatchObject({ ok: true, value: { kind: "pipfile", requirements: [{ text: "click" }] } });
    expect(read("reqs.in")).toMatchObject({ ok: true, value: { kind: "pyproject", requirements: [{ text: "jinja2" }] } });
    expect(read("requirements.txt")).toMatchObject({ ok: true, value: { kind: "requirements", indexes: [{ url: "http://127.0.0.1:1/simple" }], requirements: [{ source: `-r ${join(d, "requirements.txt")}` }] } });
    expect(read("nb.ipynb")).toMatchObject({ ok: true, value: { kind: "notebook", python: "3.9", requirements: [{ text: "flask" }] } });
    // the kernel's Python when the notebook's Pipfile names none; requirements as an object too
    expect(read("kernel.ipynb")).toMatchObject({ ok: true, value: { kind: "notebook", python: "3.10.4" } });
  });

  it("says what is wrong with the others", () => {
    expect(read("bare.ipynb")).toMatchObject({ ok: false, error: expect.stringMatching(/bare\.ipynb: metadata\.requirements: absent/) });
    expect(read("Pipfile.lock")).toMatchObject({ ok: false, error: expect.stringMatching(/a lock file, not a project file \(pass it to --locked/) });
    expect(read("odd.toml")).toMatchObject({ ok: false, error: expect.stringMatching(/neither \[project\] or \[dependency-groups\]/) });
    expect(read("missing.txt")).toMatchObject({ ok: false, error: expect.stringMatching(/cannot read .*missing\.txt: ENOENT/) });
    const broken = dir({ "nb.ipynb": '{"cells": [], "metadata": {"requirements": "{\\"packages\\": "}, "nbformat": 4}' });
    expect(readProjectFile(join(broken, "nb.ipynb"), NO_GROUPS)).toMatchObject({ ok: false, error: expect.stringMatching(/nb\.ipynb: metadata\.requirements:1:\d+: invalid JSON/) });
  });

  it("finds the working directory's file as uv and Thamos do: pyproject.toml with requirements, else Pipfile, else requirements.txt", () => {
    expect(findProjectFile(d)).toBe(join(d, "pyproject.toml"));
    const tool = dir({ "pyproject.toml": "[tool.black]\n", Pipfile: '[packages]\na = "*"\n' });
    expect(findProjectFile(tool)).toBe(join(tool, "Pipfile"));
    const plain = dir({ "requirements.txt": "a\n" });
    expect(findProjectFile(plain)).toBe(join(plain, "requirements.txt"));
    const empty = tempDir("maat-empty-");
    mkdirSync(join(empty, "sub"));
    expect(findProjectFile(empty)).toBeNull();
  });

  it("tells a project file from a package name on the command line", () => {
    for (const word of ["Pipfile", "pyproject.toml", "nb.ipynb", "reqs/dev.txt", "./x"]) expect(looksLikeProjectFile(word), word).toBe(true);
    for (const word of ["flask", "flask>=2", "zope.interface", "requests[socks]", 'a; python_version >= "3/4"']) expect(looksLikeProjectFile(word), word).toBe(false);
  });
});
