import { describe, expect, it } from "vitest";
import type { AdviseFinal } from "../../adapters/grpc/index.js";
import { createAdviseRegistry } from "./advise-registry.js";
import { createThrottle } from "./progress-throttle.js";

const final = (id: string): AdviseFinal => ({
  advise_id: id, report_json: "{}", stacks_scored: 1, best_score: 0, has_best_score: true, elapsed_seconds: 1, products: 1, gap: 0, has_gap: false, warnings: [],
});

describe("advise registry", () => {
  it("tracks running advises to their end and forgets the oldest finished ones", () => {
    const r = createAdviseRegistry(2);
    for (const id of ["a", "b", "c", "d"]) r.add(id);
    expect(r.running().map((e) => e.id)).toEqual(["a", "b", "c", "d"]);
    r.finish("a", { state: "done", final: final("a") });
    r.finish("b", { state: "cancelled", error: { code: "cancelled", message: "by CancelAdvise" } });
    r.finish("b", { state: "done", final: final("b") });
    expect(r.status(r.get("a")!)).toMatchObject({ state: "done", final: { advise_id: "a" }, error_code: "" });
    expect(r.status(r.get("b")!)).toMatchObject({ state: "cancelled", final: null, error_code: "cancelled", error_message: "by CancelAdvise" });
    r.finish("c", { state: "failed", error: { code: "unavailable", message: "NATS" } });
    expect(r.get("a")).toBeUndefined();
    expect(r.get("c")?.state).toBe("failed");
    expect(r.running().map((e) => e.id)).toEqual(["d"]);
    expect(() => r.add("d")).toThrow(/twice/);
  });
});

describe("progress throttle", () => {
  it("lets one event through per interval", () => {
    let t = 0;
    const ok = createThrottle(250, () => t);
    const passed = [];
    for (t = 0; t <= 1000; t += 50) if (ok()) passed.push(t);
    expect(passed).toEqual([0, 250, 500, 750, 1000]);
  });
});
