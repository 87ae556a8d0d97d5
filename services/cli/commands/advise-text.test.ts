import { describe, expect, it } from "vitest";
import type { AdviseReport, Product } from "../../../core/advise/index.js";
import type { Justification } from "../../../core/justification/index.js";
import type { ReportParts } from "../../compose/report-json.js";
import { adviseText } from "./advise-text.js";
import { textStyle } from "./text-style.js";

const stats: AdviseReport["stats"] = {
  predictor: "mcts", stacks_scored: 1200, dead_ends: 3, elapsed_ms: 2345, stacks_per_second: 512, best_found_at: 800, optimal: false, gap: null, stopped: "budget",
};
const product = (score: number, packages: Record<string, string>, justification: Justification[] = []): Product => ({
  score, packages, justification, breakdown: Object.fromEntries(Object.keys(packages).map((n) => [n, { score: 0, units: { recency: 0 } }])),
});
const parts = (products: Product[], stackInfo: Justification[] = [], over: Partial<AdviseReport["stats"]> = {}): ReportParts => ({
  report: { products, stack_info: stackInfo, stats: { ...stats, ...over } }, explanation: null, conflict: null, warnings: [],
  knowledge: { advisories: null, prescriptions: null, scores: null },
});

describe("adviseText", () => {
  it("keeps the table aligned with long versions", () => {
    const text = adviseText(parts([
      product(-1.5, { setuptools: "51.1.0.post20201221", six: "1.16.0" }),
      product(-1.75, { setuptools: "50.3.2", six: "1.15.0" }),
      product(-2, { setuptools: "44.0.0", six: "1.16.0", extra: "1.0" }),
    ]));
    const table = text.split("\n").slice(0, 6);
    expect(table[0]).toMatch(/^package +#1 +#2 +#3$/);
    const starts = (line: string) => [...line.matchAll(/(?<=  )\S/g)].map((m) => m.index);
    const columns = starts(table.find((l) => l.startsWith("setuptools"))!);
    for (const line of table.slice(1)) expect(starts(line), line).toEqual(columns.slice(0, starts(line).length));
    expect(table.find((l) => l.startsWith("extra"))).toMatch(/^extra +- +- +1\.0$/);
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/; budget spent$/);
  });

  it("colours scores, changed versions and warnings only when asked", () => {
    const list = [product(1, { a: "1.0", b: "2.0" }, [{ type: "WARNING", message: "careful", package_name: "a" }]), product(0.5, { a: "1.0", b: "1.9" })];
    const coloured = adviseText(parts(list), { style: textStyle(true) });
    expect(coloured).toContain("\x1b[32m1.0000\x1b[39m");
    expect(coloured).toContain("\x1b[33m1.9\x1b[39m");
    expect(coloured).not.toContain("\x1b[33m1.0\x1b[39m");
    expect(coloured).toContain("\x1b[33mWARNING");
    expect(adviseText(parts(list))).not.toContain("\x1b[");
  });

  it("groups and de-duplicates the justifications; --verbose lists every one", () => {
    const scorecard = (name: string): Justification => ({ type: "WARNING", message: "Project does NOT use fuzzing based on Security Scorecards", link: "https://example.org/checks", package_name: name });
    const advisory = (id: string): Justification => ({ type: "WARNING", message: `tensorflow==2.1.0 is affected by ${id} (CVE-1)`, link: `https://example.org/${id}`, package_name: "tensorflow" });
    const hosted = (name: string): Justification => ({ type: "INFO", message: `Package '${name}' is hosted on GitHub`, package_name: name });
    const whole: Justification = { type: "INFO", message: "Recommendation type stable" };
    const own = [whole, ...["a", "b", "c"].map(scorecard), advisory("PYSEC-1"), advisory("PYSEC-2"), ...["a", "b"].map(hosted),
      { type: "WARNING", message: "Package 'a' has no recent release", package_name: "a" } as Justification];
    const text = adviseText(parts([product(1, { a: "1", b: "1", c: "1", tensorflow: "2.1.0" }, own)], [whole, { type: "WARNING", message: "No CUDA detected" }]));
    const section = text.slice(text.indexOf("justification of #1:"), text.indexOf("knowledge:"));
    expect(section).toContain("WARNING Project does NOT use fuzzing based on Security Scorecards (https://example.org/checks) (3 packages: a, b, c)");
    expect(section).toContain("WARNING tensorflow: tensorflow==2.1.0 is affected by 2 advisories: PYSEC-1, PYSEC-2");
    expect(section).toContain("WARNING a: Package 'a' has no recent release");
    expect(section).toContain("2 more per-package notes (INFO): --verbose lists every justification");
    expect(section.match(/Recommendation type stable/g)).toHaveLength(1);
    expect(section).toContain("stack info (besides the above):\n  WARNING No CUDA detected");
    const verbose = adviseText(parts([product(1, { a: "1" }, own)]), { verbose: true });
    expect(verbose).toContain("WARNING c: Project does NOT use fuzzing based on Security Scorecards (https://example.org/checks)");
    expect(verbose).toContain("INFO    b: Package 'b' is hosted on GitHub");
    expect(verbose).toContain("WARNING tensorflow: tensorflow==2.1.0 is affected by PYSEC-2 (CVE-1) (https://example.org/PYSEC-2)");
  });

  it("says on top when the search stopped early, and why", () => {
    const one = [product(1, { a: "1" })];
    expect(adviseText(parts(one, [], { stopped: "timeout" }))).toMatch(/^Search stopped at the --timeout after 1,200 stacks scored \(2\.3 s\): these are the best stacks found so far\.\n/);
    expect(adviseText(parts(one, [], { stopped: "interrupted" }))).toMatch(/^Search interrupted \(Ctrl-C\) after 1,200 stacks scored/);
    expect(adviseText(parts(one, [], { stopped: "eager-stop" }))).toMatch(/^Search stopped early after 1,200 stacks scored \(2\.3 s\): a unit of the pipeline asked for an eager stop\./);
    expect(adviseText(parts(one, [], { stopped: "proven", optimal: true, gap: 0 }))).toMatch(/^package/);
  });
});
