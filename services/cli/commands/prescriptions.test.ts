import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readMaatConfig } from "../../compose/maat-config.js";
import { main } from "../main.js";
import { cliCommands } from "./index.js";

const maat = (argv: string[]) => main(argv, cliCommands, readMaatConfig({}));

const work = mkdtempSync(join(tmpdir(), "maat-presc-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, "p"));
writeFileSync(join(work, "p", "a.yaml"), "units:\n  boots:\n  - name: B\n    type: boot\n    should_include:\n      adviser_pipeline: true\n      future_key: 1\n    run:\n      stack_info: []\n");

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    return { code: await maat(args), out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe("maat prescriptions check", () => {
  it("lists unsupported constructs with counts as JSON", async () => {
    const r = await run(["prescriptions", "check", join(work, "p"), "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ schema: "maat.prescriptions-check/1", files: 1, units: 1, valid_units: 0, unsupported: [{ construct: "boot.should_include.future_key", count: 1 }], invalid: [] });
  });
  it("exits 1 when it finds invalid units (issue 15), naming the first", async () => {
    mkdirSync(join(work, "bad"), { recursive: true });
    writeFileSync(join(work, "bad", "bad.yaml"), "units:\n  steps:\n  - name: Big\n    type: step\n    should_include: {adviser_pipeline: true}\n    match: {package_version: {name: flask}}\n    run: {score: 9e307}\n");
    const r = await run(["prescriptions", "check", join(work, "bad")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.yaml: unit Big: units\.steps\[0\]\.run\.score: expected a finite number from -1,000,000 to 1,000,000/);
  });
  it("prints a table, and exits 2 for a bad path", async () => {
    const r = await run(["prescriptions", "check", join(work, "p")]);
    expect(r.out).toContain("boot.should_include.future_key");
    expect((await run(["prescriptions", "check", join(work, "missing")])).code).toBe(2);
  });
});
