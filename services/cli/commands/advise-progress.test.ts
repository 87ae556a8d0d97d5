import { describe, expect, it } from "vitest";
import { duration, MIN_FRAME_INTERVAL_MS, progressDisplay, progressLine, type ProgressState } from "./advise-progress.js";
import { textStyle, visibleLength } from "./text-style.js";

const searching = (stacks: number, best: number): ProgressState => ({
  phase: { phase: "searching" }, phaseStarted: 0, search: { stacks, best, elapsedMs: 4000, rate: 123_456 },
});

describe("progressLine", () => {
  it("never exceeds the width it is given, coloured or not", () => {
    for (const width of [10, 20, 39, 40, 59, 79, 119, 200]) {
      for (const style of [textStyle(false), textStyle(true)]) {
        for (const state of [searching(987_654, -123.4567), searching(0, -Infinity), { phase: { phase: "loading-knowledge" as const, detail: "prescriptions: 65,000 files read" }, phaseStarted: 0, search: null }]) {
          const line = progressLine(state, 5_000, { budget: 1_000_000_000, timeoutMs: 600_000 }, width, style);
          expect(visibleLength(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it("shows the phase, the stacks, the best score, stacks/s and the time left", () => {
    expect(progressLine(searching(50_000, -1.5), 5_000, { budget: 100_000, timeoutMs: null }, 119, textStyle(false)))
      .toBe("searching  [##########..........]  50,000/100,000  best -1.5000  123,456/s  ~405ms left");
    expect(progressLine(searching(50_000, -1.5), 5_000, { budget: 100_000, timeoutMs: null }, 79, textStyle(false)))
      .toBe("searching  [#####.....]  50,000/100,000  best -1.5000  123,456/s  ~405ms left");
    expect(progressLine(searching(50_000, -1.5), 5_000, { budget: 100_000, timeoutMs: null }, 40, textStyle(false))).toBe("50,000/100,000  best -1.5000");
    expect(progressLine(searching(50_000, -1.5), 5_000, { budget: 100_000, timeoutMs: 4_200 }, 79, textStyle(false))).toMatch(/~200ms left$/);
    expect(progressLine({ phase: { phase: "compiling" }, phaseStarted: 1000, search: null }, 3500, { budget: 1, timeoutMs: null }, 79, textStyle(false)))
      .toBe("compiling the dependency graph  2.5s");
    const stopping: ProgressState = { ...searching(50_000, -1.5), phase: { phase: "searching", detail: "stopping, Ctrl-C again quits" } };
    expect(progressLine(stopping, 5_000, { budget: 100_000, timeoutMs: null }, 79, textStyle(false))).toBe("searching (stopping, Ctrl-C again quits)  50,000/100,000 stacks  best -1.5000");
    expect([duration(850), duration(12_340), duration(245_000), duration(7_380_000)]).toEqual(["850ms", "12.3s", "4m05s", "2h03m"]);
  });
});

describe("progressDisplay", () => {
  it("draws at most one frame per MIN_FRAME_INTERVAL_MS however often it is told, and clears its line", async () => {
    let t = 1000;
    const writes: string[] = [];
    const display = progressDisplay({ budget: 1000, timeoutMs: null, write: (s) => writes.push(s), columns: () => 80, now: () => t });
    for (let i = 0; i < 100; i += 1) {
      t += 10;
      display.search({ stacks: i * 10, best: -i, elapsedMs: t - 1000 });
    }
    expect(writes.length).toBeLessThanOrEqual(Math.ceil((100 * 10) / MIN_FRAME_INTERVAL_MS) + 1);
    expect(writes.length).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, MIN_FRAME_INTERVAL_MS + 50));
    const last = writes.at(-1)!;
    expect(last).toContain("990/1,000");
    display.clear();
    expect(writes.at(-1)).toBe("\r\x1b[K");
    for (const w of writes) expect(visibleLength(w.replace("\r", ""))).toBeLessThanOrEqual(79);
  });
});
