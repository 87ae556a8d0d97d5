import { describe, expect, it } from "vitest";
import { type GraphInput, buildGraph } from "../graph/build.js";
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
