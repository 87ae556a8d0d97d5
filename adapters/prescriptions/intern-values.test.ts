import { describe, expect, it } from "vitest";
import { createInterner } from "./intern-values.js";

describe("createInterner", () => {
  it("shares structurally equal objects and arrays at every depth, frozen, and keeps values equal", () => {
    const interner = createInterner();
    const a = interner.intern({ run: { stack_info: [{ type: "INFO", message: "m", link: "x" }] }, name: "A" });
    const b = interner.intern({ run: { stack_info: [{ type: "INFO", message: "m", link: "x" }] }, name: "B" });
    expect(a).toEqual({ run: { stack_info: [{ type: "INFO", message: "m", link: "x" }] }, name: "A" });
    expect(a).not.toBe(b);
    expect(a.run).toBe(b.run);
    expect(Object.isFrozen(a) && Object.isFrozen(a.run.stack_info[0])).toBe(true);
    expect(interner.intern(a)).toBe(a);
    expect(interner.intern({ name: "A", run: b.run })).not.toBe(a);
    expect(interner.intern({ run: b.run, name: "A" })).toBe(a);
  });

  it("tells apart values whose JSON texts could be confused: strings, numbers, null, booleans, nested arrays", () => {
    const interner = createInterner();
    const values = [{ x: "1" }, { x: 1 }, { x: null }, { x: false }, { x: "#0" }, { x: [[]] }, { x: [] }, { x: [{}] }, { x: {} }];
    const interned = values.map((v) => interner.intern(v));
    expect(new Set(interned).size).toBe(values.length);
    interned.forEach((v, i) => expect(v).toEqual(values[i]));
    expect(interner.intern({ x: undefined, y: 2 })).toBe(interner.intern({ y: 2 }));
  });
});
