/**
 * The rings of ARCHITECTURE.md, checked on the source: core imports only core (no node:*, no npm
 * package); an adapter imports core and its own libraries, never a sibling adapter or a service;
 * a service never imports another (services/compose is the composition they share, and
 * services/maat.ts, the executable, is where the three meet).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (path.endsWith(".ts") && !path.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)) found.push(m[1]);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]);
  return found;
}

function ringOf(path: string): string[] {
  return relative(root, path).split(sep);
}

describe("ring boundaries", () => {
  it("core imports nothing outside core", () => {
    const violations: string[] = [];
    for (const file of sources(join(root, "core"))) {
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) violations.push(`${relative(root, file)} imports package ${spec}`);
        else if (ringOf(resolve(dirname(file), spec))[0] !== "core") violations.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("adapters import core, their own folder and libraries, never a sibling adapter or a service", () => {
    const violations: string[] = [];
    for (const file of sources(join(root, "adapters"))) {
      const own = ringOf(file)[1];
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const [ring, folder] = ringOf(resolve(dirname(file), spec));
        if (ring === "services" || ring === "test") violations.push(`${relative(root, file)} imports ${spec}`);
        if (ring === "adapters" && folder !== own) violations.push(`${relative(root, file)} imports sibling adapter ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("a service never imports another: only its own folder, services/compose, adapters and core", () => {
    const violations: string[] = [];
    for (const file of sources(join(root, "services"))) {
      const [, own] = ringOf(file);
      if (own === "maat.ts") continue;
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const [ring, folder] = ringOf(resolve(dirname(file), spec));
        if (ring === "test") violations.push(`${relative(root, file)} imports ${spec}`);
        if (ring !== "services" || folder === own) continue;
        if (own === "compose" || folder !== "compose") violations.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the environment is read once, by services/maat.ts (MaatConfig); nothing else reads process.env", () => {
    const readers = ["core", "adapters", "services"].flatMap((ring) => sources(join(root, ring)))
      .filter((file) => /process\.env\b/.test(readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")))
      .map((file) => relative(root, file));
    expect(readers).toEqual([join("services", "maat.ts")]);
  });

  it("core reads no process state, clock or Math.random", () => {
    const violations: string[] = [];
    for (const file of sources(join(root, "core"))) {
      const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const word of ["process.", "Math.random", "Date.now", "performance.now", "setTimeout", "require("]) {
        if (text.includes(word)) violations.push(`${relative(root, file)} uses ${word}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
