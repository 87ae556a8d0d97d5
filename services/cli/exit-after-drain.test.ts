import { describe, expect, it } from "vitest";
import { drained, type DrainableStream } from "./exit-after-drain.js";

/** A stream whose reader takes `take` bytes every 10 ms (0: a reader that takes nothing). */
function stream(pending: number, take: number): DrainableStream & { stop(): void } {
  let callback: (() => void) | undefined;
  const s = {
    writableLength: pending,
    destroyed: false,
    write(_chunk: string, cb: () => void) {
      callback = cb;
      return false;
    },
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    s.writableLength = Math.max(0, s.writableLength - take);
    if (s.writableLength === 0 && callback) {
      clearInterval(timer);
      callback();
    }
  }, 10);
  return s;
}

describe("drained", () => {
  it("waits for a slow reader as long as it keeps reading", async () => {
    const slow = stream(100, 5);
    expect(await drained(slow, 100)).toBe("drained");
    expect(slow.writableLength).toBe(0);
  });

  it("gives up on a reader that takes nothing for the stall limit", async () => {
    const stuck = stream(100, 0);
    const t0 = Date.now();
    expect(await drained(stuck, 150)).toBe("stalled");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    stuck.stop();
  });

  it("is done at once when nothing is pending", async () => {
    expect(await drained({ writableLength: 0, destroyed: false, write: () => true }, 100)).toBe("drained");
  });
});
