import { describe, expect, it } from "vitest";
import { type GraphInput, buildGraph } from "../graph/build.js";
import { Exclusion } from "../graph/compiled-graph.js";
import { highestScoreFirst, preferVersions } from "./preference.js";
import { pinnedRequirements } from "./pinned-requirements.js";
import { solve } from "./solve.js";

const dep = (target: string, allowed: string[], spec: string) => ({ target, allowed, spec });
const pinsByName = (input: GraphInput, pins: Int32Array) => {
  const g = buildGraph(input);
  const out: Record<string, string> = {};
  for (let p = 1; p < g.packageCount; p++) if (pins[p] >= 0) out[g.names[p]] = g.versions[g.versionStart[p] + pins[p]];
  return out;
};

describe("solve", () => {
  it("picks the newest versions when nothing conflicts", () => {
    const input: GraphInput = {
      root: [dep("a", ["2.0", "1.0"], "a")],
      packages: [
        { name: "a", versions: [{ version: "2.0", deps: [dep("b", ["1.1", "1.0"], "b<2")] }, { version: "1.0", deps: [] }] },
        { name: "b", versions: [{ version: "2.0", deps: [] }, { version: "1.1", deps: [] }, { version: "1.0", deps: [] }] },
        { name: "unused", versions: [{ version: "1.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("resolved");
    if (r.status !== "resolved") return;
    expect(pinsByName(input, r.pins)).toEqual({ a: "2.0", b: "1.1" });
    expect(r.pins[3]).toBe(-1);
    expect(pinnedRequirements(buildGraph(input), r.pins)).toEqual(["a==2.0", "b==1.1"]);
    expect(r.stats.conflicts).toBe(0);
  });

  it("backjumps over an unrelated decision to the culprit", () => {
    // Order: a (direct), c (one version left), x (direct), b (direct). a==2.0 needs c==1.0 but every b
    // needs c==2.0: the one conflict (on b) jumps back over c, x and a to the root's level, where
    // c==2.0 and then a!=2.0 follow by propagation.
    const input: GraphInput = {
      root: [dep("a", ["2.0", "1.0"], "a"), dep("x", ["3.0", "2.0", "1.0"], "x"), dep("b", ["1.1", "1.0"], "b")],
      packages: [
        { name: "a", versions: [
          { version: "2.0", deps: [dep("c", ["1.0"], "c==1.0")] },
          { version: "1.0", deps: [dep("c", ["2.0", "1.0"], "c")] },
        ] },
        { name: "b", versions: [{ version: "1.1", deps: [dep("c", ["2.0"], "c==2.0")] }, { version: "1.0", deps: [dep("c", ["2.0"], "c==2.0")] }] },
        { name: "c", versions: [{ version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
        { name: "x", versions: [{ version: "3.0", deps: [] }, { version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("resolved");
    if (r.status !== "resolved") return;
    expect(pinsByName(input, r.pins)).toEqual({ a: "1.0", b: "1.1", c: "2.0", x: "3.0" });
    expect(r.stats.backjumps).toBeGreaterThan(0);
    expect(r.stats.conflicts).toBe(1);
  });

  it("explains a chain conflict", () => {
    const input: GraphInput = {
      root: [dep("a", ["2.0"], "a")],
      packages: [
        { name: "a", versions: [{ version: "2.0", deps: [dep("b", [], "b>=3")] }] },
        { name: "b", versions: [{ version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("unsatisfiable");
    if (r.status !== "unsatisfiable") return;
    expect(r.explanation).toBe(
      "Because a==2.0 depends on b>=3 and no version of b satisfies b>=3, a==2.0 cannot be used.\n" +
        "And because you require a, we can conclude that your requirements are unsatisfiable.",
    );
    const root = r.derivation.nodes[r.derivation.root];
    expect(root.cause.kind).toBe("derived");
  });

  it("explains a two-level conflict with version ranges", () => {
    const input: GraphInput = {
      root: [dep("a", ["3.0", "2.0", "1.0"], "a"), dep("c", ["1.0"], "c<2")],
      packages: [
        { name: "a", versions: [
          { version: "3.0", deps: [dep("c", ["2.0"], "c>=2")] },
          { version: "2.0", deps: [dep("c", ["2.0"], "c>=2")] },
          { version: "1.0", deps: [dep("c", ["2.0"], "c>=2")] },
        ] },
        { name: "c", versions: [{ version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("unsatisfiable");
    if (r.status !== "unsatisfiable") return;
    expect(r.explanation).toBe(
      "Because you require a and all versions of a depend on c>=2, you require c==2.0.\n" +
        "And because you require c<2, we can conclude that your requirements are unsatisfiable.",
    );
  });

  it("says so when a required project has no versions", () => {
    const input: GraphInput = {
      root: [dep("a", ["1.0"], "a")],
      packages: [
        { name: "a", versions: [{ version: "1.0", deps: [dep("c", [], "c>=1")] }] },
        { name: "c", versions: [] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("unsatisfiable");
    if (r.status !== "unsatisfiable") return;
    expect(r.explanation).toBe(
      "Because a==1.0 depends on c>=1 and there is no version of c, a==1.0 cannot be used.\n" +
        "And because you require a, we can conclude that your requirements are unsatisfiable.",
    );
  });

  it("names yanked and requires-python exclusions", () => {
    const yanked: GraphInput = {
      root: [dep("b", ["2.0", "1.0"], "b")],
      packages: [{ name: "b", versions: [
        { version: "2.0", deps: [], exclusion: Exclusion.Yanked, yanked: true },
        { version: "1.0", deps: [], exclusion: Exclusion.Yanked, yanked: true },
      ] }],
    };
    const r1 = solve(buildGraph(yanked));
    expect(r1.status).toBe("unsatisfiable");
    if (r1.status === "unsatisfiable") {
      expect(r1.explanation).toBe([
        "Because you require b and all versions of b are yanked, we can conclude that your requirements are unsatisfiable.",
        "hint: all versions of b are yanked: a yanked version is used only when a requirement pins it (b==2.0)",
      ].join("\n"));
    }
    const python: GraphInput = {
      root: [dep("a", ["1.0"], "a==1.0")],
      packages: [
        { name: "a", versions: [{ version: "1.0", deps: [dep("b", ["3.0"], "b>=3")] }] },
        { name: "b", versions: [{ version: "3.0", deps: [], exclusion: Exclusion.RequiresPython }, { version: "2.0", deps: [] }] },
      ],
    };
    const r2 = solve(buildGraph(python));
    expect(r2.status).toBe("unsatisfiable");
    if (r2.status === "unsatisfiable") {
      expect(r2.explanation).toBe(
        "Because you require a==1.0 and a==1.0 depends on b>=3, you require b==3.0.\n" +
          "And because b==3.0 requires a different Python, we can conclude that your requirements are unsatisfiable.\n" +
          "hint: b==3.0 needs another Python: pass --python with a version it supports to consider it",
      );
    }
  });

  it("falls back to an older version when the newest is excluded", () => {
    const input: GraphInput = {
      root: [dep("b", ["3.0", "2.0"], "b")],
      packages: [{ name: "b", versions: [{ version: "3.0", deps: [], exclusion: Exclusion.RequiresPython }, { version: "2.0", deps: [] }] }],
    };
    const r = solve(buildGraph(input));
    expect(r.status === "resolved" && pinsByName(input, r.pins)).toEqual({ b: "2.0" });
  });

  it("takes a version preference and a conflict limit", () => {
    const input: GraphInput = {
      root: [dep("a", ["2.0", "1.0"], "a")],
      packages: [{ name: "a", versions: [{ version: "2.0", deps: [], score: 0 }, { version: "1.0", deps: [], score: 1 }] }],
    };
    const g = buildGraph(input);
    const byScore = solve(g, { preference: highestScoreFirst });
    expect(byScore.status === "resolved" && pinsByName(input, byScore.pins)).toEqual({ a: "1.0" });
    const locked = solve(g, { preference: preferVersions(new Map([[1, 1]])) });
    expect(locked.status === "resolved" && pinsByName(input, locked.pins)).toEqual({ a: "1.0" });
    const unsat: GraphInput = {
      root: [dep("a", ["2.0", "1.0"], "a"), dep("b", ["2.0", "1.0"], "b")],
      packages: [
        { name: "a", versions: [{ version: "2.0", deps: [dep("b", ["1.0"], "b==1.0")] }, { version: "1.0", deps: [dep("b", ["9"], "b==9")] }] },
        { name: "b", versions: [{ version: "9", deps: [] }, { version: "2.0", deps: [] }, { version: "1.0", deps: [dep("a", ["1.0"], "a<2")] }] },
      ],
    };
    const free = solve(buildGraph(unsat));
    expect(free.status).toBe("unsatisfiable");
    expect(free.stats.conflicts).toBeGreaterThan(0);
    const limited = solve(buildGraph(unsat), { maxConflicts: 0 });
    expect(limited.status).toBe("limit");
  });

  it("resolves extras as packages that pin their base to the same version", () => {
    const input: GraphInput = {
      root: [dep("a[x]", ["2.0", "1.0"], "a[x]"), dep("c", ["1.0"], "c<2")],
      packages: [
        { name: "a", versions: [{ version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
        { name: "a[x]", base: "a", versions: [
          { version: "2.0", deps: [dep("a", ["2.0"], "a==2.0"), dep("c", ["2.0"], "c>=2")] },
          { version: "1.0", deps: [dep("a", ["1.0"], "a==1.0"), dep("c", ["1.0"], "c<2")] },
        ] },
        { name: "c", versions: [{ version: "2.0", deps: [] }, { version: "1.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status === "resolved" && pinsByName(input, r.pins)).toEqual({ a: "1.0", "a[x]": "1.0", c: "1.0" });
  });

  it("resolves no requirements to the root alone", () => {
    const r = solve(buildGraph({ root: [], packages: [{ name: "a", versions: [{ version: "1.0", deps: [] }] }] }));
    expect(r.status === "resolved" && Array.from(r.pins)).toEqual([0, -1]);
  });
});
