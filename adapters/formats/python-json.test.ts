import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pythonJsonDumps } from "./python-json.js";

const python = spawnSync("python3", ["-c", "print(1)"], { encoding: "utf8" }).status === 0;

describe.skipIf(!python)("pythonJsonDumps against Python's json.dumps(sort_keys=True, separators=(',', ':'))", () => {
  it("writes what Python writes", () => {
    const values: unknown[] = [
      { b: 1n, a: [true, false, null], "é": "ü\u0001\n\t\"\\ \u007f \u{1F600}" },
      { z: { y: 1.5, x: 2.0, w: -0.25, v: 1e-7, u: 123456.789 } },
      { "\u{1F600}": 1n, "\uFFFF": 2n, "~": 3n, A: 4n },
    ];
    // Python receives the same values: bigints as ints, numbers as floats
    const asPython = (v: unknown): string => {
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "number") return `float(${JSON.stringify(v)})`;
      if (typeof v === "string") return `json.loads(${JSON.stringify(JSON.stringify(v))})`;
      if (v === null) return "None";
      if (typeof v === "boolean") return v ? "True" : "False";
      if (Array.isArray(v)) return `[${v.map(asPython).join(",")}]`;
      return `{${Object.entries(v as object).map(([k, x]) => `${asPython(k)}:${asPython(x)}`).join(",")}}`;
    };
    for (const v of values) {
      const r = spawnSync("python3", ["-c", `import json, sys\nsys.stdout.write(json.dumps(${asPython(v)}, sort_keys=True, separators=(",", ":")))`], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(pythonJsonDumps(v)).toBe(r.stdout);
    }
  });
});
