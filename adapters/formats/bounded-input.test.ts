/** Issue 15 item 3: `-r` refuses FIFOs and devices (a FIFO blocked forever, /dev/zero grew without bound). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRequirementsFile } from "./requirements-file.js";

const work = mkdtempSync(join(tmpdir(), "maat-req-bounds-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a requirements file", () => {
  it("is a regular file: a FIFO and a device are refused at once", () => {
    const fifo = join(work, "fifo.txt");
    execFileSync("mkfifo", [fifo]);
    for (const path of [fifo, "/dev/zero"]) {
      const r = readRequirementsFile(path);
      expect(r.ok ? null : r.error, path).toBe(`${path}: not a regular file (a FIFO, socket or device is not read)`);
    }
  });

  it("over the size limit is refused before reading, naming the limit", () => {
    const big = join(work, "big.txt");
    writeFileSync(big, "");
    truncateSync(big, 16 * 1024 * 1024 + 1); // sparse: nothing is written
    const r = readRequirementsFile(big);
    expect(r.ok ? null : r.error).toBe(`${big}: 16777217 bytes, over the 16777216-byte limit per requirements file`);
  });
});
