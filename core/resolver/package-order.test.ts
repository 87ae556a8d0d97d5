import { describe, expect, it } from "vitest";
import { buildGraph } from "../graph/build.js";
import { createPackageOrder } from "./package-order.js";

const dep = (target: string, spec: string) => ({ target, allowed: ["1.0"], spec });
const pkg = (name: string, deps: ReturnType<typeof dep>[] = [], base?: string) => ({ name, base, versions: [{ version: "1.0", deps }] });

describe("package order (pip's get_preference)", () => {
  const g = buildGraph({
    root: [dep("zed", "zed"), dep("alpha", "alpha>=1"), dep("mid", "mid==1.0"), dep("web[x]", "web[x]")],
    packages: [
      pkg("zed", [dep("deep", "deep"), dep("deeper", "deeper>=1")]),
      pkg("alpha"),
      pkg("mid"),
      pkg("web"),
      pkg("web[x]", [dep("web", "web==1.0")], "web"),
      pkg("deep"),
      pkg("deeper"),
    ],
  });
  const id = (name: string) => g.names.indexOf(name);
  const order = createPackageOrder(g);
  const pins = new Int32Array(g.packageCount).fill(-1);
  const remaining = new Set<number>();
  const take = () => {
    const p = order.next(pins, (q) => remaining.has(q));
    remaining.delete(p);
    pins[p] = 0;
    return g.names[p];
  };

  it("puts pins first, then the root's requirements in their order, then deeper ones by operator and name", () => {
    pins[0] = 0;
    for (const n of ["zed", "alpha", "mid", "web[x]"]) remaining.add(id(n));
    expect(take()).toBe("mid"); // ==
    expect(take()).toBe("zed"); // depth 1, first requested
    remaining.add(id("deep"));
    remaining.add(id("deeper"));
    expect(take()).toBe("alpha");
    expect(take()).toBe("web[x]");
    remaining.add(id("web"));
    expect(take()).toBe("web"); // the base of a chosen extra
    expect(take()).toBe("deeper"); // depth 2, has an operator
    expect(take()).toBe("deep");
    expect(order.next(pins, (q) => remaining.has(q))).toBe(-1);
  });
});
