import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

/** The largest entry read whole (a prescription file is a few KiB; Thoth's largest is under 1 MiB). */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
/** The most an archive may unpack to, all entries together. */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

/** The limits an archive is read within (the defaults above; a test may give smaller ones). */
export interface TarLimits {
  readonly entryBytes: number;
  readonly unpackedBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { entryBytes: MAX_ENTRY_BYTES, unpackedBytes: MAX_UNPACKED_BYTES };

export interface TarEntry {
  readonly path: string;
  readonly content: Buffer;
}

/**
 * Streams the regular files of a `.tar.gz` (ustar, GNU long names, pax `path`), without writing
 * anything to disk. Throws an Error naming the archive when it is not a readable tar.gz, or when
 * an entry is larger than `limits.entryBytes` (MAX_ENTRY_BYTES) or the whole larger than
 * `limits.unpackedBytes` (MAX_UNPACKED_BYTES): refused at
 * the entry's header, before its body is inflated (a 3 GiB entry in a 3 MB archive kept a core
 * busy for minutes).
 */
export async function* readTarGzEntries(file: string, limits: TarLimits = DEFAULT_TAR_LIMITS): AsyncGenerator<TarEntry> {
  const { entryBytes, unpackedBytes } = limits;
  let pending: Buffer = Buffer.alloc(0);
  let longName: string | undefined;
  let paxPath: string | undefined;
  const stream = createReadStream(file).pipe(createGunzip());
  let unpacked = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= 512) {
        const header = pending.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) {
          offset += 512;
          continue;
        }
        const size = parseOctal(header.subarray(124, 136), file);
        if (size > entryBytes) throw new LimitError(`${file}: entry ${JSON.stringify(cString(header.subarray(0, 100)))} is ${size} bytes, over the ${entryBytes}-byte limit per archive entry`);
        unpacked += size;
        if (unpacked > unpackedBytes) throw new LimitError(`${file}: unpacks to more than ${unpackedBytes} bytes, the limit per archive`);
        const total = 512 + Math.ceil(size / 512) * 512;
        if (pending.length - offset < total) break;
        const body = pending.subarray(offset + 512, offset + 512 + size);
        const type = String.fromCharCode(header[156] || 48);
        const name = cString(header.subarray(0, 100));
        const prefix = cString(header.subarray(345, 500));
        offset += total;
        if (type === "L") {
          longName = cString(body);
        } else if (type === "x") {
          paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
        } else if (type === "0" || type === "7") {
          const path = paxPath ?? longName ?? (prefix ? `${prefix}/${name}` : name);
          longName = undefined;
          paxPath = undefined;
          yield { path, content: Buffer.from(body) };
        } else {
          longName = undefined;
          paxPath = undefined;
        }
      }
      pending = pending.subarray(offset);
    }
  } catch (error) {
    if (error instanceof LimitError) throw error;
    throw new Error(`${file}: not a readable .tar.gz archive: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
}

/** An archive over a limit: its message names the limit. */
class LimitError extends Error {}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString("utf8");
}

function parseOctal(b: Buffer, file: string): number {
  if (b[0] & 0x80) throw new Error(`${file}: unsupported base-256 tar size field`);
  const text = cString(b).trim();
  const n = text === "" ? 0 : parseInt(text, 8);
  if (!Number.isFinite(n)) throw new Error(`${file}: corrupt tar header (size ${JSON.stringify(text)})`);
  return n;
}
