import { invalidArgument, type Result } from "../failure/index.js";
import type { Target } from "../pep508/index.js";

const OPERATING_SYSTEMS: readonly string[] = ["linux", "macos", "windows"];

/** `linux`, `macos` or `windows`, optionally followed by `-` and a machine (`linux-x86_64`, `macos-arm64`). */
export function parsePlatform(text: string): Result<Pick<Target, "platform" | "machine">> {
  const [os, machine] = text.split(/-(.*)/s);
  if (!OPERATING_SYSTEMS.includes(os) || machine === "") {
    return {
      ok: false,
      error: invalidArgument(`expected linux, macos or windows, optionally with a machine (linux-x86_64), got ${JSON.stringify(text)}`, "platform"),
    };
  }
  return { ok: true, value: { platform: os as Target["platform"], ...(machine !== undefined ? { machine } : {}) } };
}
