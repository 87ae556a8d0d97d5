import type { DistributionFile } from "../catalog/index.js";

/** The platform a stack is installed on, for wheel tags (PEP 425, PEP 600). */
export interface TagTarget {
  /** "3.11" or "3.11.4". */
  readonly python: string;
  readonly platform: "linux" | "macos" | "windows";
  /** x86_64 (default), aarch64/arm64, i686. */
  readonly machine?: string;
  /** Highest glibc minor for manylinux (default 39; `x86_64-manylinux2014` means 17). */
  readonly glibcMinor?: number;
  /** Highest macOS major (default 14). */
  readonly macosMajor?: number;
}

export interface BuildOptions {
  /** Projects that must not use wheels (pip/uv `--no-binary`). */
  readonly noBinary?: readonly string[];
  /** Projects that must not be built from source (`--no-build`). */
  readonly noBuild?: readonly string[];
}

/** Every `interpreter-abi-platform` tag the target accepts. */
export function supportedTags(target: TagTarget): Set<string> {
  const [major, minor] = target.python.split(".").map(Number);
  const nodot = `${major}${minor}`;
  const platforms = platformTags(target);
  const tags = new Set<string>();
  for (const plat of platforms) {
    tags.add(`cp${nodot}-cp${nodot}-${plat}`);
    for (let m = minor; m >= 2; m--) tags.add(`cp${major}${m}-abi3-${plat}`);
    tags.add(`cp${nodot}-none-${plat}`);
    for (let m = minor; m >= 0; m--) tags.add(`py${major}${m}-none-${plat}`);
    tags.add(`py${major}-none-${plat}`);
  }
  tags.add(`cp${nodot}-none-any`);
  for (let m = minor; m >= 0; m--) tags.add(`py${major}${m}-none-any`);
  tags.add(`py${major}-none-any`);
  return tags;
}

function platformTags(t: TagTarget): string[] {
  const machine = t.machine ?? "x86_64";
  if (t.platform === "windows") return [machine === "i686" || machine === "x86" ? "win32" : machine === "arm64" || machine === "aarch64" ? "win_arm64" : "win_amd64"];
  if (t.platform === "macos") {
    const arch = machine === "aarch64" ? "arm64" : machine;
    const out: string[] = [];
    for (let major = t.macosMajor ?? 14; major >= 10; major--) {
      const minors = major === 10 ? [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0] : [0];
      if (arch === "arm64" && major < 11) break;
      for (const minor of minors) for (const a of [arch, "universal2", ...(arch === "x86_64" ? ["intel", "fat64", "fat32", "universal"] : [])]) out.push(`macosx_${major}_${minor}_${a}`);
    }
    return out;
  }
  const out: string[] = [];
  for (let minor = t.glibcMinor ?? 39; minor >= 5; minor--) {
    out.push(`manylinux_2_${minor}_${machine}`);
    if (minor === 17) out.push(`manylinux2014_${machine}`);
    if (minor === 12) out.push(`manylinux2010_${machine}`);
    if (minor === 5) out.push(`manylinux1_${machine}`);
  }
  out.push(`linux_${machine}`);
  return out;
}

/** The expanded tags of a wheel filename (`a-1.0-py2.py3-none-any.whl`), or null when it is not a wheel. */
export function wheelTags(filename: string): string[] | null {
  if (!filename.endsWith(".whl")) return null;
  const parts = filename.slice(0, -4).split("-");
  if (parts.length < 5) return null;
  const [py, abi, plat] = parts.slice(-3);
  const out: string[] = [];
  for (const a of py.split(".")) for (const b of abi.split(".")) for (const c of plat.split(".")) out.push(`${a}-${b}-${c}`);
  return out;
}

/**
 * Whether a release can be installed on the target: it has a compatible wheel (unless no-binary),
 * or an sdist (unless no-build). A release whose files are unknown is taken as installable.
 */
export function installableOn(target: TagTarget, options: BuildOptions = {}) {
  const tags = supportedTags(target);
  const noBinary = new Set(options.noBinary ?? []);
  const noBuild = new Set(options.noBuild ?? []);
  return (name: string, _version: string, files: readonly DistributionFile[] | undefined): boolean => {
    if (files === undefined || files.length === 0) return !(noBinary.has(name) && noBuild.has(name));
    return files.some((f) => {
      const wheel = wheelTags(f.filename);
      if (wheel === null) return !noBuild.has(name);
      return !noBinary.has(name) && wheel.some((t) => tags.has(t));
    });
  };
}
