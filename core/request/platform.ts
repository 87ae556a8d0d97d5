import { invalidArgument, type Result } from "../failure/index.js";
import type { Environment, Target } from "../pep508/index.js";

/** The operating system words a platform tag may start with, and the target OS each names. */
const OPERATING_SYSTEMS: Readonly<Record<string, Target["platform"]>> = {
  linux: "linux", macos: "macos", macosx: "macos", darwin: "macos", windows: "windows", win: "windows",
};

/**
 * A platform tag: `linux`, `macos` or `windows` (also `macosx`, `darwin`, `win`), optionally followed
 * by `-` and a machine (`linux-x86_64`, `linux-aarch64`, `macos-arm64`, `win-amd64`); `win32` is
 * 32-bit Windows (Python's sysconfig words).
 */
export function parsePlatform(text: string): Result<Pick<Target, "platform" | "machine">> {
  if (text === "win32") return { ok: true, value: { platform: "windows", machine: "x86" } };
  const [os, machine] = text.split(/-(.*)/s);
  const platform = OPERATING_SYSTEMS[os];
  if (platform === undefined || machine === "") {
    return {
      ok: false,
      error: invalidArgument(
        `expected linux, macos or windows, optionally with a machine (linux-x86_64, linux-aarch64, macos-arm64, win-amd64), got ${JSON.stringify(text)}`,
        "platform",
      ),
    };
  }
  return { ok: true, value: { platform, ...(machine !== undefined ? { machine } : {}) } };
}

/** The target's platform tag, from its marker environment's machine: `linux-x86_64`, `macos-arm64`, `win-amd64`, `win32`. */
export function platformTag(target: Pick<Target, "platform">, environment: Environment): string {
  const machine = environment.platform_machine.toLowerCase();
  if (target.platform === "windows") return machine === "x86" ? "win32" : `win-${machine}`;
  return `${target.platform}-${machine}`;
}
