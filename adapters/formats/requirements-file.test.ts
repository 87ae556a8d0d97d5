import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRequirementsFile } from "./requirements-file.js";
import { tempDir } from "../../test/support/temp-dir.js";

function dir(files: Record<string, string>): string {
  const d = tempDir("maat-req-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("requirements files", () => {
  it("reads requirements, comments, continuations, nested files and constraints", () => {
    const d = dir({
      "requirements.txt": "# top\nflask>=1.0  # web\nrequests \\\n  [security]>=2\n-r more.txt\n-c constraints.txt\n--pre\n-i http://127.0.0.1:1/simple\nnumpy==1.0 --hash=sha256:abc\n",
      "more.txt": "click\n",
      "constraints.txt": "werkzeug<2\n",
    });
    const r = readRequirementsFile(join(d, "requirements.txt"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.requirements.map((l) => l.text)).toEqual(["flask>=1.0", "requests   [security]>=2", "click", "numpy==1.0"]);
    expect(r.value.requirements[1].line).toBe(3);
    expect(r.value.constraints.map((l) => l.text)).toEqual(["werkzeug<2"]);
    expect(r.value.pre).toBe(true);
    expect(r.value.indexUrls).toEqual(["http://127.0.0.1:1/simple"]);
  });

  it("names the file and line of an unsupported option, and a missing include", () => {
    const d = dir({ "a.txt": "flask\n-e .\n", "b.txt": "-r missing.txt\n" });
    const a = readRequirementsFile(join(d, "a.txt"));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error).toMatch(/a\.txt:2: unsupported option "-e"/);
    const b = readRequirementsFile(join(d, "b.txt"));
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error).toMatch(/cannot read .*missing\.txt: ENOENT \(included from .*b\.txt:1\)/);
  });

  it("refuses a recursive include", () => {
    const d = dir({ "a.txt": "-r b.txt\n", "b.txt": "-r a.txt\n" });
    const r = readRequirementsFile(join(d, "a.txt"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/included recursively/);
  });
});
