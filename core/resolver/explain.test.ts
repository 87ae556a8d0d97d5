import { describe, expect, it } from "vitest";
import { type GraphInput, buildGraph } from "../graph/build.js";
import { Exclusion } from "../graph/compiled-graph.js";
import { solve } from "./solve.js";
import { versionSetText } from "./version-set-text.js";
import { bitsetOf } from "./incompatibility.js";

const dep = (target: string, allowed: string[], spec: string) => ({ target, allowed, spec });

describe("explanations", () => {
  it("numbers the lines of a branching derivation", () => {
    // PubGrub's "branching error reporting" example.
    const input: GraphInput = {
      root: [dep("foo", ["1.1.0", "1.0.0"], "foo>=1.0,<2")],
      packages: [
        { name: "foo", versions: [
          { version: "1.1.0", deps: [dep("x", ["1.0.0"], "x>=1,<2"), dep("y", ["1.0.0"], "y>=1,<2")] },
          { version: "1.0.0", deps: [dep("a", ["1.0.0"], "a>=1,<2"), dep("b", ["1.0.0"], "b>=1,<2")] },
        ] },
        { name: "a", versions: [{ version: "1.0.0", deps: [dep("b", ["2.0.0"], "b>=2,<3")] }] },
        { name: "b", versions: [{ version: "2.0.0", deps: [] }, { version: "1.0.0", deps: [] }] },
        { name: "x", versions: [{ version: "1.0.0", deps: [dep("y", ["2.0.0"], "y>=2,<3")] }] },
        { name: "y", versions: [{ version: "2.0.0", deps: [] }, { version: "1.0.0", deps: [] }] },
      ],
    };
    const r = solve(buildGraph(input));
    expect(r.status).toBe("unsatisfiable");
    if (r.status !== "unsatisfiable") return;
    expect(r.explanation).toBe([
      "    Because foo==1.0.0 depends on a>=1,<2 and a==1.0.0 depends on b>=2,<3, foo==1.0.0 depends on b==2.0.0.",
      "(1) So, because foo==1.0.0 depends on b>=1,<2 and you require foo>=1.0,<2, you require foo==1.1.0.",
      "",
      "    Because foo==1.1.0 depends on x>=1,<2 and x==1.0.0 depends on y>=2,<3, foo==1.1.0 depends on y==2.0.0.",
      "    And because foo==1.1.0 depends on y>=1,<2, foo==1.1.0 cannot be used.",
      "    And because you require foo==1.1.0 (1), we can conclude that your requirements are unsatisfiable.",
    ].join("\n"));
    // The derivation is data: every derived node points at two earlier nodes.
    for (const node of r.derivation.nodes) {
      if (node.cause.kind === "derived") {
        expect(node.cause.left).toBeLessThan(node.id);
        expect(node.cause.right).toBeLessThan(node.id);
      }
    }
    expect(r.derivation.nodes[r.derivation.root].text).toBe("we can conclude that your requirements are unsatisfiable");
  });

  it("merges consecutive ranges of the same dependency into one fact (two sentences where there were four)", () => {
    // flask>=2 with werkzeug<1: each flask range depends on a newer werkzeug.
    const flask = [["2.3.3", "werkzeug>=2.3.7"], ["2.3.2", "werkzeug>=2.3.3"], ["2.2.0", "werkzeug>=2.2.0"], ["2.0.0", "werkzeug>=2.0"], ["1.1.2", "werkzeug>=0.15"]];
    const werkzeug = ["2.3.7", "2.3.3", "2.2.0", "2.0.0", "1.0.1", "0.16.0", "0.15.0"];
    const from = (spec: string) => werkzeug.slice(0, werkzeug.indexOf(spec.replace("werkzeug>=", "").replace(/^2\.0$/, "2.0.0")) + 1);
    const input: GraphInput = {
      root: [dep("flask", ["2.3.3", "2.3.2", "2.2.0", "2.0.0"], "flask>=2"), dep("werkzeug", ["0.16.0", "0.15.0"], "werkzeug<1")],
      packages: [
        { name: "flask", versions: flask.map(([version, spec]) => ({ version, deps: [dep("werkzeug", from(spec), spec)] })) },
        { name: "werkzeug", versions: werkzeug.map((version) => ({ version, deps: [] })) },
      ],
    };
    const r = solve(buildGraph(input));
    if (r.status !== "unsatisfiable") throw new Error(r.status);
    expect(r.explanation).toBe([
      "Because you require flask>=2 and flask>=2.0.0 depends on werkzeug>=2.0.0, you require werkzeug>=2.0.0.",
      "And because you require werkzeug<1, we can conclude that your requirements are unsatisfiable.",
    ].join("\n"));
  });

  it("names the target Python and the Requires-Python that excludes versions, with a hint", () => {
    const input: GraphInput = {
      root: [dep("flask", ["2.3.0", "2.2.0"], "flask>=2.2")],
      packages: [{ name: "flask", versions: [
        { version: "2.3.0", deps: [], exclusion: Exclusion.RequiresPython },
        { version: "2.2.0", deps: [], exclusion: Exclusion.RequiresPython },
      ] }],
      meta: { python: "3.7.0", requires_python_excluded: { flask: { "2.3.0": ">=3.8", "2.2.0": ">=3.8" } } },
    };
    const r = solve(buildGraph(input));
    if (r.status !== "unsatisfiable") throw new Error(r.status);
    expect(r.explanation).toBe([
      "Because you require flask>=2.2 and all versions of flask require Python >=3.8 (the target is 3.7), we can conclude that your requirements are unsatisfiable.",
      "hint: all versions of flask need Python >=3.8 (the target is 3.7): pass --python 3.8 or newer to consider them",
    ].join("\n"));
  });

  it("hints at --prereleases when only a prerelease would do", () => {
    const input: GraphInput = {
      root: [dep("lib", ["2.0b1"], "lib>=1.5")],
      packages: [{ name: "lib", versions: [{ version: "2.0b1", deps: [], exclusion: Exclusion.Prerelease }, { version: "1.0", deps: [] }] }],
    };
    const r = solve(buildGraph(input));
    if (r.status !== "unsatisfiable") throw new Error(r.status);
    expect(r.explanation.split("\n").at(-1)).toBe("hint: lib==2.0b1 is a prerelease: pass --prereleases allow, or name one in a requirement (lib>=2.0b1), to consider it");
  });

  it("renders version sets compactly", () => {
    const g = buildGraph({
      root: [],
      packages: [{ name: "a", versions: ["2.0", "1.5", "1.2", "1.0", "0.9"].map((version) => ({ version, deps: [] })) }],
    });
    const text = (vs: number[]) => versionSetText(g, 1, bitsetOf(g, 1, vs));
    expect(text([0, 1, 2, 3, 4])).toBe("all versions of a");
    expect(text([])).toBe("no version of a");
    expect(text([2])).toBe("a==1.2");
    expect(text([1, 2, 3])).toBe("a>=1.0,<2.0");
    expect(text([0, 1])).toBe("a>=1.5");
    expect(text([2, 3, 4])).toBe("a<=1.2");
    expect(text([0, 2, 3])).toBe("a==2.0 or a>=1.0,<1.5");
  });
});
