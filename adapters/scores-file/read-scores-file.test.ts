import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonErrorPosition } from "./json-error-position.js";
import { parseScores, readScoresFile } from "./read-scores-file.js";

const err = (text: string) => {
  const r = parseScores(text, "s.json");
  return r.ok ? "ok" : r.error;
};

describe("scores file", () => {
  it("reads projects (normalized) and versions with finite numbers", () => {
    const r = parseScores('{"Flask_Login": {"0.5.0": 1.5, "0.4": -2}}', "s.json");
    expect(r.ok && [...r.table].map(([n, m]) => [n, [...m]])).toEqual([["flask-login", [["0.5.0", 1.5], ["0.4", -2]]]]);
  });

  it("names the position of a JSON syntax error", () => {
    expect(err('{"a": {"1": 1,}}')).toMatch(/^s\.json: not valid JSON at line 1 column 15 \(offset 14\): /);
    expect(err('{\n  "a": x\n}')).toMatch(/^s\.json: not valid JSON at line 2 column 8 \(offset 9\): Unexpected token/);
    expect(err('{"a": {"1": tru}}')).toMatch(/line 1 column 16 \(offset 15\)/);
    expect(err("")).toMatch(/line 1 column 1 \(offset 0\): Unexpected end/);
    expect(jsonErrorPosition("  nope", "Unexpected token 'o'").offset).toBe(3);
  });

  it("rejects a non-object at the top and per project", () => {
    expect(err("[]")).toBe('s.json: expected an object {"<project>": {"<version>": <number>}}, got a list');
    expect(err('{"a": 3}')).toBe('s.json: a: expected an object {"<version>": <number>}, got number 3');
    expect(err('{"a": {"1": 1}, "A": {"1": 2}}')).toBe('s.json: "A": the same project as "a"');
  });

  it("rejects a file that scores nothing, naming what it expected", () => {
    expect(err("{}")).toBe('s.json: no scores: expected {"<project>": {"<version>": <number>}} with at least one project');
    expect(err('{"flask": {"1.0": 1}, "click": {}}')).toBe('s.json: click: no versions scored: expected {"<version>": <number>} with at least one version');
  });

  it("rejects non-numeric and non-finite values naming project and version", () => {
    expect(err('{"flask": {"1.0": "high"}}')).toBe('s.json: flask "1.0": expected a number, got the string "high"');
    expect(err('{"flask": {"1.0": null}}')).toBe('s.json: flask "1.0": expected a number, got null');
    expect(err('{"flask": {"1.0": 1e999}}')).toBe('s.json: flask "1.0": expected a finite number from -1,000,000 to 1,000,000 (the scores range), got Infinity');
    expect(err('{"flask": {"one": 1}}')).toBe('s.json: flask "one": not a PEP 440 version');
    expect(err('{"flask": {"1.0": 1, "1.0.0": 2}}')).toBe('s.json: flask "1.0.0": the same version as "1.0"');
  });

  it("refuses scores outside the documented range (two 9e307 once summed to Infinity and froze the search)", () => {
    expect(err('{"flask": {"2.3.3": 9e307}}')).toBe('s.json: flask "2.3.3": expected a finite number from -1,000,000 to 1,000,000 (the scores range), got 9e+307');
    expect(err('{"flask": {"2.3.3": -1000001}}')).toMatch(/the scores range\), got -1000001$/);
    expect(err('{"flask": {"2.3.3": 1000000, "2.3.2": -1000000}}')).toBe("ok");
  });

  const dir = mkdtempSync(join(tmpdir(), "maat-scores-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("reads a file and names a missing one", () => {
    writeFileSync(join(dir, "s.json"), '{"six": {"1.16.0": 0.25}}');
    const r = readScoresFile(join(dir, "s.json"));
    expect(r.ok && r.table.get("six")?.get("1.16.0")).toBe(0.25);
    const missing = readScoresFile(join(dir, "none.json"));
    expect(!missing.ok && missing.error).toMatch(/none\.json: cannot read/);
  });
});

describe("a scores file (issue 15 item 3)", () => {
  it("is a regular file: a FIFO and a device are refused at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "maat-scores-fifo-"));
    try {
      const fifo = join(dir, "fifo.json");
      execFileSync("mkfifo", [fifo]);
      for (const path of [fifo, "/dev/zero"]) {
        const r = readScoresFile(path);
        expect(r.ok ? null : r.error, path).toBe(`${path}: not a regular file (a FIFO, socket or device is not read)`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("over the size limit is refused before reading, naming the limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "maat-scores-big-"));
    try {
      const big = join(dir, "big.json");
      writeFileSync(big, "");
      truncateSync(big, 64 * 1024 * 1024 + 1); // sparse: nothing is written
      const r = readScoresFile(big);
      expect(r.ok ? null : r.error).toBe(`${big}: 67108865 bytes, over the 67108864-byte limit per scores file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
