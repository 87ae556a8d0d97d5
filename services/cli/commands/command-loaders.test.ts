import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { readMaatConfig } from "../../compose/maat-config.js";
import { MAAT_VERSION } from "../version.js";
import { cliCommandLoaders, commandsFor } from "./command-loaders.js";
import { cliCommands } from "./index.js";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const names = (registers: readonly ((p: Command, c: ReturnType<typeof readMaatConfig>) => void)[]) => {
  const program = new Command("maat");
  for (const r of registers) r(program, readMaatConfig({}));
  return program.commands.map((c) => c.name());
};

describe("command loaders", () => {
  it("name every CLI command in help order, each loading the module that registers it", async () => {
    expect(cliCommandLoaders.map((c) => c.name)).toEqual(names(cliCommands));
    for (const loader of cliCommandLoaders) expect(names([await loader.load()])).toEqual([loader.name]);
  });

  it("load only the command a command line names, and all of them otherwise", async () => {
    expect(names(await commandsFor(["resolve", "--help"], cliCommandLoaders))).toEqual(["resolve"]);
    expect(names(await commandsFor(["--help"], cliCommandLoaders))).toEqual(names(cliCommands));
    expect(names(await commandsFor(["resovle"], cliCommandLoaders))).toEqual(names(cliCommands));
  });

  it("says the version package.json has", () => {
    expect(MAAT_VERSION).toBe(JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version);
  });

  // Through bin/maat and a pipe, as a user meets them: the start-up fast paths answer the same.
  const maat = (...args: string[]) =>
    execFileSync(process.execPath, [fileURLToPath(new URL("../../../bin/maat", import.meta.url)), ...args], { encoding: "utf8", timeout: 30_000 });
  it("answer --version from bin/maat, and help for one command or all of them", () => {
    expect(maat("--version")).toBe(`${MAAT_VERSION}\n`);
    expect(maat("-V")).toBe(`${MAAT_VERSION}\n`);
    expect(maat("resolve", "--help")).toMatch(/^Usage: maat resolve \[options\] \[req\.\.\.\][\s\S]*--scenario <file\.toml>/);
    const help = maat("--help");
    for (const name of names(cliCommands)) expect(help).toContain(`  ${name} `);
    expect(help).toMatch(/\n  serve[\s\S]*\n  worker/);
  });
});
