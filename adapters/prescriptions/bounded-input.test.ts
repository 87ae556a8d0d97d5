/**
 * Issue 15 items 1 and 3: prescriptions are read within limits named in the error. A 3 GiB entry
 * in a small tar.gz is refused at its header (it kept a core busy for minutes); a FIFO given as the
 * source is refused (it ended in a stack trace); an archive over its size, or unpacking past its total, is refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_ARCHIVE_BYTES, loadPrescriptions } from "./load-prescriptions.js";
import { MAX_ENTRY_BYTES, readTarGzEntries } from "./tar-gz-entries.js";

const work = mkdtempSync(join(tmpdir(), "maat-presc-bounds-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A ustar header for a regular file of `size` bytes (the body need not follow: the reader must refuse first). */
function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, "utf8");
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write("00000000000\0", 136);
  h.write("0", 156);
  h.write("ustar\0" + "00", 257);
  h.write("        ", 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

describe("prescriptions within limits", () => {
  it("refuses an archive entry over the per-entry limit at its header, quickly, naming the limit", async () => {
    const archive = join(work, "huge.tar.gz");
    // A 3 GiB entry announced, 1 MiB of zeros following: the archive is small, as the was.
    writeFileSync(archive, gzipSync(Buffer.concat([header("units/huge.yaml", 3 * 1024 ** 3), Buffer.alloc(1024 * 1024)])));
    const started = performance.now();
    const r = await loadPrescriptions(archive);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.ok ? null : r.error).toBe(`${archive}: entry "units/huge.yaml" is ${3 * 1024 ** 3} bytes, over the ${MAX_ENTRY_BYTES}-byte limit per archive entry`);
  });

  it("refuses a FIFO as the source instead of failing with a stack trace", async () => {
    const fifo = join(work, "fifo.tar.gz");
    execFileSync("mkfifo", [fifo]);
    const r = await loadPrescriptions(fifo);
    expect(r.ok ? null : r.error).toBe(`${fifo}: expected a folder or a .tar.gz archive, not a FIFO, socket or device`);
  });

  it("refuses an archive over the per-archive size limit before reading it, naming the limit", async () => {
    const archive = join(work, "big.tar.gz");
    writeFileSync(archive, "");
    truncateSync(archive, MAX_ARCHIVE_BYTES + 1); // sparse: no disk, no time
    const started = performance.now();
    const r = await loadPrescriptions(archive);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.ok ? null : r.error).toBe(`${archive}: ${MAX_ARCHIVE_BYTES + 1} bytes, over the ${MAX_ARCHIVE_BYTES}-byte limit per prescriptions archive`);
  });

  it("refuses an archive whose entries together unpack past the total, at the header that passes it", async () => {
    const archive = join(work, "many.tar.gz");
    const entry = (i: number) => Buffer.concat([header(`units/u${i}.yaml`, 1024), Buffer.alloc(1024)]);
    writeFileSync(archive, gzipSync(Buffer.concat([entry(0), entry(1), entry(2), entry(3), Buffer.alloc(1024)])));
    const read: string[] = [];
    const all = async () => { for await (const e of readTarGzEntries(archive, { entryBytes: 2048, unpackedBytes: 3 * 1024 })) read.push(e.path); };
    await expect(all()).rejects.toThrow(`${archive}: unpacks to more than 3072 bytes, the limit per archive`);
    expect(read).toEqual(["units/u0.yaml", "units/u1.yaml", "units/u2.yaml"]);
    // Within the limits the same archive reads whole.
    const whole: string[] = [];
    for await (const e of readTarGzEntries(archive, { entryBytes: 2048, unpackedBytes: 4 * 1024 })) whole.push(e.path);
    expect(whole).toHaveLength(4);
  });
});
