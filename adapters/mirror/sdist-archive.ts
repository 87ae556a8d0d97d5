/**
 * A minimal source distribution: a gzip'd ustar archive with `<dist>-<ver>/PKG-INFO` and a
 * `pyproject.toml` naming setuptools. Valid as an sdist file (its metadata is readable); building
 * it needs setuptools from the index. Fixed mtime 0, so the bytes are deterministic.
 */
import { gzipSync } from "node:zlib";

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (offset: number, length: number, text: string) => {
    const bytes = enc.encode(text);
    if (bytes.length > length) throw new RangeError(`tar field too long: ${text}`);
    h.set(bytes, offset);
  };
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0") + "\0";
  put(0, 100, name);
  put(100, 8, octal(0o644, 8));
  put(108, 8, octal(0, 8));
  put(116, 8, octal(0, 8));
  put(124, 12, octal(size, 12));
  put(136, 12, octal(0, 12));
  put(148, 8, "        ");
  put(156, 1, "0");
  put(257, 6, "ustar\0");
  put(263, 2, "00");
  let sum = 0;
  for (const b of h) sum += b;
  put(148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

export function buildSdist(distName: string, version: string, pkgInfo: Uint8Array): Uint8Array {
  const root = `${distName}-${version}`;
  const pyproject = new TextEncoder().encode(
    `[build-system]\nrequires = ["setuptools>=40.8.0"]\nbuild-backend = "setuptools.build_meta"\n`,
  );
  const entries = [
    { name: `${root}/PKG-INFO`, data: pkgInfo },
    { name: `${root}/pyproject.toml`, data: pyproject },
  ];
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    blocks.push(header(e.name, e.data.length));
    const padded = new Uint8Array(Math.ceil(e.data.length / 512) * 512);
    padded.set(e.data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const tar = Buffer.concat(blocks);
  return new Uint8Array(gzipSync(tar, { level: 9 }));
}
