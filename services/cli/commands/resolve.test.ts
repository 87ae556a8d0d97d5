/** `maat resolve` as a user runs it (needs `npm run build`, which `make test` does first). */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot, SHARED_MISSING, sharedData } from "../../../test/support/shared-data.js";
import { tempDir } from "../../../test/support/temp-dir.js";

const run = promisify(execFile);
const flask = sharedData("pypi-graphs", "flask-graph.json");

async function maat(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, "bin/maat"), ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const example = join(repoRoot, "examples/flask/flask-graph.json");

describe("maat resolve: explanations", () => {
  it("merges the consecutive ranges of one dependency: flask>=2 with werkzeug<1 in two sentences", async () => {
    const r = await maat("resolve", "--index", example, "--python", "3.8", "flask>=2", "werkzeug<1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain([
      "  Because you require flask>=2 and flask>=2.0.0 depends on werkzeug>=2.0.0, you require werkzeug>=2.0.0.",
      "  And because you require werkzeug<1, we can conclude that your requirements are unsatisfiable.",
    ].join("\n"));
    expect(r.stderr.match(/\b[Bb]ecause\b/g)).toHaveLength(2);
  });

  it("names the target Python when Requires-Python excludes versions, and hints at --python", async () => {
    const r = await maat("resolve", "--index", example, "--python", "3.7", "flask>=2.3");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("flask>=2.3.0 requires Python >=3.8 (the target is 3.7)");
    expect(r.stderr).toContain("  hint: flask>=2.3.0 needs Python >=3.8 (the target is 3.7): pass --python 3.8 or newer to consider it");
  });
});

describe("maat resolve", () => {
  if (flask === null) console.log(SHARED_MISSING);

  it.skipIf(flask === null)("prints one JSON object with the resolution and statistics", async () => {
    const r = await maat("resolve", "--index", flask!, "--python", "3.8", "--format", "json", "flask<2");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.satisfiable).toBe(true);
    expect(out.packages.flask).toMatch(/^1\./);
    expect(out.stats).toMatchObject({ decisions: expect.any(Number), conflicts: expect.any(Number), backjumps: expect.any(Number) });
  });

  it.skipIf(flask === null)("explains an impossible request in words on stderr and exits 1", async () => {
    const r = await maat("resolve", "--index", flask!, "--python", "3.8", "flask>=2", "werkzeug<1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/No solution found/);
    expect(r.stderr).toMatch(/werkzeug/);
    expect(r.stderr).toMatch(/unsatisfiable/);
  });

  it.skipIf(flask === null)("reads requirements and constraints files", async () => {
    const d = tempDir("maat-resolve-");
    writeFileSync(join(d, "req.txt"), "flask  # the app\n");
    writeFileSync(join(d, "con.txt"), "werkzeug<2\n");
    const r = await maat("resolve", "--index", flask!, "--python", "3.8", "--format", "json", "-r", join(d, "req.txt"), "-c", join(d, "con.txt"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packages.werkzeug).toMatch(/^[01]\./);
  });

  it("exits 2 naming the bad input, without a stack trace", async () => {
    const cases: [string[], RegExp][] = [
      [["resolve", "--index", flask ?? "/nonexistent", "flask>="], /invalid requirement "flask>="/],
      [["resolve", "--scenario", "/nonexistent/x.toml"], /--scenario: .*x\.toml/],
      [["resolve", "--index", "/nonexistent/graph.json", "flask"], /--index: .*graph\.json/],
      [["resolve", "--index", flask ?? "/x", "--python", "three", "flask"], /--python: .*"three"/],
      [["resolve", "--index", flask ?? "/x", "--platform", "beos", "flask"], /--platform: .*"beos"/],
      [["resolve", "--index", flask ?? "/x", "--prereleases", "maybe", "flask"], /--prereleases: .*"maybe"/],
      [["resolve", "--index", flask ?? "/x", "-r", "/nonexistent/req.txt"], /-r: cannot read .*req\.txt/],
      [["resolve", "--index", flask ?? "/x"], /no requirements/],
    ];
    for (const [args, message] of cases) {
      const r = await maat(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
