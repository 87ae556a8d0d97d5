/**
 * The files users already have, through the built CLI and real pipes: each project file form gives
 * the same advise as the equivalent requirements list; bad files are refused naming the file and
 * key (exit 2); no stack exits 1; the runtime environment comes from flags or .thoth.yaml; a lock
 * written by --lock is read back by --locked and keeps its pins. Needs only examples/ (no ../shared).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMaat } from "../../../test/support/maat-cli.js";
import { repoRoot } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const graph = join(repoRoot, "examples/flask/flask-graph.json");
const search = ["--index", graph, "--python", "3.8", "--budget", "300", "--seed", "7", "--format", "json"];

const notebook = (pipfile: Record<string, unknown>, python = "3.8.10") =>
  JSON.stringify({ cells: [{ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: ["import flask"] }], metadata: { language_info: { name: "python", version: python }, requirements: JSON.stringify(pipfile) }, nbformat: 4, nbformat_minor: 5 }, null, 1);

function project(): string {
  const d = tempDir("maat-project-files-");
  writeFileSync(join(d, "requirements.txt"), "flask<2.3\njinja2 ; python_version >= '3'\n");
  writeFileSync(join(d, "pyproject.toml"), '[project]\nname = "app"\nrequires-python = ">=3.8"\ndependencies = ["flask<2.3"]\n[project.optional-dependencies]\ntemplates = ["jinja2 ; python_version >= \'3\'"]\n');
  writeFileSync(join(d, "Pipfile"), '[packages]\nflask = "<2.3"\njinja2 = {version = "*", markers = "python_version >= \'3\'"}\n[requires]\npython_version = "3.8"\n');
  writeFileSync(join(d, "nb.ipynb"), notebook({ packages: { flask: "<2.3", jinja2: { version: "*", markers: "python_version >= '3'" } }, requires: { python_version: "3.8" } }));
  return d;
}

const products = (stdout: string) => (JSON.parse(stdout) as { products: unknown[] }).products;

describe("maat advise and resolve with project files", () => {
  it("gives the same advise for each input form as for the equivalent requirements list", async () => {
    const d = project();
    const list = await runMaat(["advise", ...search, "flask<2.3", "jinja2 ; python_version >= '3'"]);
    expect(list.code, list.stderr).toBe(0);
    const forms: [string, string[]][] = [
      ["-r requirements.txt", ["-r", join(d, "requirements.txt")]],
      ["pyproject.toml --extra templates", [join(d, "pyproject.toml"), "--extra", "templates"]],
      ["-r Pipfile", ["-r", join(d, "Pipfile")]],
      ["nb.ipynb", [join(d, "nb.ipynb")]],
    ];
    for (const [name, args] of forms) {
      const r = await runMaat(["advise", ...search, ...args]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(products(r.stdout), name).toEqual(products(list.stdout));
    }
    // no requirement given: the working directory's pyproject.toml (uv's and Thamos's way)
    const found = await runMaat(["advise", ...search, "--extra", "templates"], { cwd: d });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toContain("note: reading pyproject.toml");
    expect(products(found.stdout)).toEqual(products(list.stdout));
  }, 240_000);

  it("takes the target Python from a Pipfile or a notebook unless --python says otherwise, and checks requires-python", async () => {
    const d = project();
    const pipfile = await runMaat(["resolve", "--index", graph, "--format", "json", "-r", join(d, "Pipfile")]);
    expect(JSON.parse(pipfile.stdout).packages).toHaveProperty("importlib-metadata");
    const kernel = tempDir("maat-nb-");
    writeFileSync(join(kernel, "nb.ipynb"), notebook({ packages: { flask: "<2.3" } }, "3.11.4"));
    const nb = await runMaat(["resolve", "--index", graph, "--format", "json", join(kernel, "nb.ipynb")]);
    expect(nb.code, nb.stderr).toBe(0);
    expect(JSON.parse(nb.stdout).packages).not.toHaveProperty("importlib-metadata");
    const override = await runMaat(["resolve", "--index", graph, "--python", "3.11", "-r", join(d, "Pipfile")]);
    expect(override.stderr).toContain("Pipfile names Python 3.8; the target is Python 3.11 (--python)");
    const old = await runMaat(["resolve", "--index", graph, "--python", "3.7", join(d, "pyproject.toml")]);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/--python: the target Python 3\.7\.0 does not satisfy requires-python ">=3\.8" of .*pyproject\.toml/);
  }, 120_000);

  it("refuses bad input with exit 2, naming the file and the key or line", async () => {
    const d = tempDir("maat-bad-");
    writeFileSync(join(d, "Pipfile"), '[packages]\nflask = {path = "."}\n');
    writeFileSync(join(d, "pyproject.toml"), '[project]\nname = "a"\ndependencies = ["flask", 3]\n');
    writeFileSync(join(d, "requirements.txt"), "flask\n-e .\n");
    writeFileSync(join(d, ".thoth.yaml"), "runtime_environments:\n  - name: gpu\n    cuda_version: eleven\n");
    const empty = tempDir("maat-empty-");
    const cases: [string[], RegExp, string?][] = [
      [["advise", "--index", graph, "-r", join(d, "Pipfile")], /-r: .*Pipfile: \[packages\] flask: path requirements are not supported/],
      [["advise", "--index", graph, join(d, "pyproject.toml")], /pyproject\.toml: \[project\] dependencies\[1\]: expected a PEP 508 requirement string/],
      [["resolve", "--index", graph, join(d, "requirements.txt")], /requirements\.txt:2: unsupported option "-e"/],
      [["resolve", "--index", graph, "Pipfile"], /cannot read Pipfile: ENOENT/, empty],
      [["resolve", "--index", graph], /no requirements: give REQ arguments or -r FILE, or run in a folder with a pyproject\.toml, Pipfile or requirements\.txt/, empty],
      [["resolve", "--index", graph, "--python", "3.8", "--python", "3.9", "flask"], /--python.*given twice \("3\.8" and "3\.9"\)/],
      [["resolve", "--index", graph, "--extra", "x", "flask"], /--extra, --all-extras, --group and --dev select parts of a pyproject\.toml, Pipfile or notebook/],
      [["resolve", "--index", graph, "--cuda-version", "x", "flask"], /--cuda-version: expected a CUDA version such as "11\.8", got "x"/],
      [["resolve", "--index", graph, "--runtime-environment", "gpu", "flask"], /--runtime-environment: .*\.thoth\.yaml: runtime environment "gpu": cuda_version: expected a CUDA version/, d],
      [["resolve", "--index", graph, "--runtime-environment", "cpu", "flask"], /no runtime environment named "cpu" \(runtime_environments: gpu\)/, d],
      [["resolve", "--index", graph, "--lock", "lock.json", "flask"], /--lock: cannot tell the lock format of "lock\.json"/],
      [["advise", "--index", graph, "--lock-stack", "2", "flask"], /--lock-stack: give --lock FILE too/],
      [["resolve", "--index", graph, "--locked", join(d, "requirements.txt"), "flask"], /--locked: .*requirements\.txt:2: unsupported option "-e"/],
    ];
    for (const [args, message, cwd] of cases) {
      const r = await runMaat(args, cwd === undefined ? {} : { cwd });
      expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 240_000);

  it("exits 0 with a stack, 1 without (the explanation printed), as uv", async () => {
    const none = await runMaat(["advise", "--index", graph, "--python", "3.8", "--budget", "50", "flask>=2", "werkzeug<1"]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/unsatisfiable/);
    const resolved = await runMaat(["resolve", "--index", graph, "--python", "3.8", "flask>=2", "werkzeug<1"]);
    expect(resolved.code).toBe(1);
    expect(resolved.stdout).toBe("");
    expect(resolved.stderr).toMatch(/^No solution found when resolving dependencies:/);
  }, 120_000);

  it("prints pins only on stdout (a requirements file), the summary on stderr", async () => {
    const r = await runMaat(["resolve", "--index", graph, "--python", "3.8", "flask<2.3"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("    #"));
    expect(lines.every((l) => /^[a-z0-9-]+==[0-9][^ ]*( ; .+)?$/.test(l)), r.stdout).toBe(true);
    expect(lines).toContain('importlib-metadata==4.10.1 ; python_version < "3.10"');
    expect(r.stdout).toContain("    # via flask");
    expect(r.stderr).toMatch(/^\(resolved 8 packages; /m);
    expect(r.stderr).toMatch(/warning: the lock has no file hashes: the snapshot .*flask-graph\.json gives none/);
  }, 60_000);

  it("writes --lock files in the format their name asks for, and --locked keeps a lock's pins", async () => {
    const d = project();
    const lock = await runMaat(["resolve", "--index", graph, "--python", "3.8", "flask==2.0.1", "--lock", join(d, "pylock.toml")]);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stderr).toContain(`wrote ${join(d, "pylock.toml")} (6 packages, without hashes)`);
    expect(readFileSync(join(d, "pylock.toml"), "utf8")).toMatch(/\nname = "werkzeug"\nversion = "2\.3\.7"\n/);
    // An old lock: the newest resolution moves on, --locked keeps what is still allowed
    writeFileSync(join(d, "old.txt"), "click==8.0.1\nwerkzeug==2.0.3\nmarkupsafe==2.0.1\n");
    const fresh = JSON.parse((await runMaat(["resolve", "--index", graph, "--python", "3.8", "--format", "json", "flask<2.1"])).stdout).packages;
    const kept = JSON.parse((await runMaat(["resolve", "--index", graph, "--python", "3.8", "--format", "json", "--locked", join(d, "old.txt"), "flask<2.1"])).stdout).packages;
    expect(fresh).toMatchObject({ click: "8.1.7" });
    expect(kept).toMatchObject({ click: "8.0.1", werkzeug: "2.0.3", markupsafe: "2.0.1" });
    const advised = await runMaat(["advise", ...search, "--locked", join(d, "pylock.toml"), "flask<2.3"]);
    expect(advised.code, advised.stderr).toBe(0);
    const best = (JSON.parse(advised.stdout) as { products: { packages: Record<string, string> }[] }).products[0]!.packages;
    expect(best).toMatchObject({ flask: "2.0.1", werkzeug: "2.3.7" });
    const notebookLock = await runMaat(["advise", ...search, join(d, "nb.ipynb"), "--lock", join(d, "nb.ipynb"), "--lock-stack", "2"]);
    expect(notebookLock.code, notebookLock.stderr).toBe(0);
    const second = (JSON.parse(notebookLock.stdout) as { products: { packages: Record<string, string> }[] }).products[1]!.packages;
    const written = JSON.parse(JSON.parse(readFileSync(join(d, "nb.ipynb"), "utf8")).metadata.requirements_lock) as { default: Record<string, { version: string }> };
    expect(Object.fromEntries(Object.entries(written.default).map(([n, e]) => [n, e.version.slice(2)]))).toEqual(second);
    const tooFar = await runMaat(["advise", ...search, "--count", "2", "flask<2.3", "--lock", join(d, "x.txt"), "--lock-stack", "3"]);
    expect(tooFar.code).toBe(2);
    expect(tooFar.stderr).toContain("--lock-stack: the report has 2 stacks, not 3");
  }, 240_000);

  it("takes the runtime environment from .thoth.yaml, flags over it", async () => {
    const d = project();
    writeFileSync(join(d, ".thoth.yaml"), "runtime_environments:\n  - name: old\n    python_version: '3.8'\n    platform: win-amd64\n    recommendation_type: latest\n    operating_system: {name: windows, version: '10'}\n");
    const r = await runMaat(["resolve", "--index", graph, "--format", "json", "--runtime-environment", "old", "flask<2.3"], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).packages).toHaveProperty("importlib-metadata");
    expect(JSON.parse(r.stdout).packages).toHaveProperty("colorama");
    const flags = await runMaat(["resolve", "--index", graph, "--format", "json", "--runtime-environment", "old", "--python", "3.11", "--platform", "linux-x86_64", "flask<2.3"], { cwd: d });
    expect(JSON.parse(flags.stdout).packages).not.toHaveProperty("colorama");
    expect(JSON.parse(flags.stdout).packages).not.toHaveProperty("importlib-metadata");
  }, 120_000);
});
