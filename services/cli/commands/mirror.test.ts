import { describe, expect, it } from "vitest";
import { readMaatConfig } from "../../compose/maat-config.js";
import { main } from "../main.js";
import { cliCommands } from "./index.js";

const maat = (argv: string[]) => main(argv, cliCommands, readMaatConfig({}));

describe("maat mirror serve: bad input", () => {
  it("exits 2 naming the missing file", async () => {
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await maat(["mirror", "serve", "/nonexistent/x.json"])).toBe(2);
      expect(await maat(["mirror", "serve", "/nonexistent/x.json", "--port", "70000"])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join("")).toContain("/nonexistent/x.json: cannot read");
    expect(err.join("")).toContain('--port: expected an integer from 0 to 65535, got "70000"');
  });
});
