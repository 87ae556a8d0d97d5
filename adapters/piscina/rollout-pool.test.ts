import { existsSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompiledGraph, hashBytes, serializeGraph } from "../../core/graph/index.js";
import { mulberry32 } from "../../core/random/index.js";
import { type RolloutPolicy, type RolloutRequest, RunnerFailure, UNIFORM, createInProcessRunner } from "../../core/rollout/index.js";
import { dyadicUniverse } from "./dyadic-universe.test-support.js";
import { RolloutPool } from "./rollout-pool.js";
import { shareGraph, shareGraphBytes } from "./shared-graph.js";

const universe = dyadicUniverse;

/** Requests of every policy kind, some with prefixes (valid or not), mixed in one batch. */
function mixedRequests(g: CompiledGraph, seed: number, n: number): RolloutRequest[] {
  const rnd = mulberry32(seed);
  const values = Float64Array.from({ length: g.candidateCount }, () => 4 * rnd() - 2);
  const versions = Int32Array.from({ length: g.packageCount }, () => Math.floor(rnd() * 6) - 1);
  const policies: RolloutPolicy[] = [UNIFORM, { kind: "softmax", values, temperature: 0.5 }, { kind: "prefer", versions }];
  const reference = createInProcessRunner(g);
  const stacks = reference.runSync(Array.from({ length: 8 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: seed + i, policy: UNIFORM })));
  return Array.from({ length: n }, (_, i) => {
    const base = stacks[i % stacks.length];
    // A prefix from a rollout's path (package, version) pairs, cut short; every 7th one broken.
    const pairs: number[] = [];
    for (let t = 0; t < Math.min(base.path.length, i % 4); t++) {
      const c = base.path[t];
      pairs.push(g.packageOf[c], c - g.versionStart[g.packageOf[c]]);
    }
    if (i % 7 === 6) pairs.push(g.packageCount + 3, 0);
    return { id: 1000 + i, prefix: Int32Array.from(pairs), seed: (seed * 31 + i) >>> 0, policy: policies[i % 3] };
  });
}

/** OS threads of this process (Linux), or -1. */
const osThreads = (): number => (existsSync("/proc/self/task") ? readdirSync("/proc/self/task").length : -1);

async function until(deadlineMs: number, done: () => boolean): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return done();
}

describe("RolloutPool", () => {
  let pool: RolloutPool;
  beforeAll(() => { pool = new RolloutPool({ threads: 2 }); });
  afterAll(async () => { await pool.destroy(); });

  it("gives the in-process runner's results on random universes, for every policy kind and prefixes valid or not", async () => {
    let kinds = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const g = universe(seed);
      const requests = mixedRequests(g, seed, 150);
      const expected = createInProcessRunner(g).runSync(requests);
      const shared = shareGraph(g);
      expect(await pool.run(shared, requests)).toEqual(expected);
      expect(await pool.runMessage(shared, requests)).toEqual(expected);
      kinds = new Set([...kinds, ...expected.map((r) => r.kind)]);
    }
    expect([...kinds].sort()).toEqual(["dead-end", "invalid", "stack"]);
  });

  it("answers an empty batch and batches smaller than the thread count", async () => {
    const g = universe(9);
    const shared = shareGraph(g);
    expect(await pool.run(shared, [])).toEqual([]);
    const one = mixedRequests(g, 9, 1);
    expect(await pool.run(shared, one)).toEqual(createInProcessRunner(g).runSync(one));
  });

  it("counts messages queued or running", async () => {
    const g = universe(10, { packages: 30 });
    const shared = shareGraph(g);
    const running = [pool.runMessage(shared, mixedRequests(g, 1, 2000)), pool.runMessage(shared, mixedRequests(g, 2, 2000)), pool.run(shared, mixedRequests(g, 3, 2000))];
    expect(pool.pending).toBe(4);
    await Promise.all(running);
    expect(pool.pending).toBe(0);
  });

  it("rejects a corrupt graph with RunnerFailure invalid-payload, and keeps working", async () => {
    const g = universe(11);
    const bytes = new Uint8Array(serializeGraph(g));
    bytes[bytes.length - 5] ^= 0xff;
    const requests = mixedRequests(g, 11, 20);
    const failure = await pool.run(shareGraphBytes(g.hash, bytes), requests).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunnerFailure);
    expect((failure as RunnerFailure).code).toBe("invalid-payload");
    expect((failure as RunnerFailure).message).toContain("hash mismatch");
    expect(pool.pending).toBe(0);
    const garbage = await pool.runMessage(shareGraphBytes("0123456789abcdef", new Uint8Array(100).fill(7)), requests).catch((e: unknown) => e);
    expect((garbage as RunnerFailure).toData()).toEqual({ code: "invalid-payload", message: expect.stringContaining("0123456789abcdef") });
    const other = await pool.runMessage(shareGraphBytes("ffffffffffffffff", serializeGraph(g)), requests).catch((e: unknown) => e);
    expect((other as RunnerFailure).toData()).toEqual({ code: "invalid-payload", message: `graph bytes have hash ${g.hash}, the message names ffffffffffffffff` });
    expect(await pool.run(shareGraph(g), requests)).toEqual(createInProcessRunner(g).runSync(requests));
  });

  it("rejects a request with an unknown policy kind with invalid-payload, naming the kind", async () => {
    const g = universe(14);
    const odd = { id: 1, prefix: new Int32Array(0), seed: 1, policy: { kind: "greedy" } } as unknown as RolloutRequest;
    const failure = await pool.run(shareGraph(g), [odd]).catch((e: unknown) => e);
    expect((failure as RunnerFailure).toData()).toEqual({ code: "invalid-payload", message: 'rollout requests do not pack: rollout policy kind "greedy" is not uniform, softmax or prefer' });
    expect(pool.pending).toBe(0);
  });

  it("rejects a policy too short for the graph with invalid-payload", async () => {
    const g = universe(12);
    const short: RolloutRequest = { id: 1, prefix: new Int32Array(0), seed: 1, policy: { kind: "softmax", values: new Float64Array(2), temperature: 1 } };
    const failure = await pool.runMessage(shareGraph(g), [short]).catch((e: unknown) => e);
    expect((failure as RunnerFailure).code).toBe("invalid-payload");
    expect((failure as RunnerFailure).message).toContain("softmax policy values has 2 entries");
  });

  it("rejects a graph whose hash checks but whose sizes disagree with invalid-payload", async () => {
    const g = universe(13);
    const original = new Uint8Array(serializeGraph(g));
    const jsonLength = new DataView(original.buffer).getUint32(32, true);
    const json = JSON.parse(new TextDecoder().decode(original.subarray(40, 40 + jsonLength))) as { packageCount: number };
    json.packageCount = 2 ** 31 - 1;
    const text = new TextEncoder().encode(JSON.stringify(json));
    const arrays = original.subarray(40 + ((jsonLength + 7) & ~7));
    const bytes = new Uint8Array(40 + ((text.length + 7) & ~7) + arrays.length);
    bytes.set(original.subarray(0, 32));
    bytes.set(text, 40);
    bytes.set(arrays, 40 + ((text.length + 7) & ~7));
    const view = new DataView(bytes.buffer);
    view.setUint32(8, bytes.length - 32, true);
    view.setUint32(32, text.length, true);
    const hash = hashBytes(bytes.subarray(32));
    bytes.set(new TextEncoder().encode(hash), 16);
    const failure = await pool.runMessage(shareGraphBytes(hash, bytes), mixedRequests(g, 13, 3)).catch((e: unknown) => e);
    expect((failure as RunnerFailure).toData()).toEqual({
      code: "invalid-payload",
      message: `graph ${hash} is malformed: names has ${g.packageCount} entries, expected ${2 ** 31 - 1} (packageCount ${2 ** 31 - 1}, candidateCount ${g.candidateCount})`,
    });
  });
});

describe("RolloutPool graph cache", () => {
  it("decodes a graph once per thread however many messages name it", async () => {
    const pool = new RolloutPool({ threads: 1 });
    try {
      const g = universe(21);
      const shared = shareGraph(g);
      for (let i = 0; i < 30; i++) await pool.run(shared, mixedRequests(g, i, 10));
      expect(pool.graphDecodes).toBe(1);
    } finally {
      await pool.destroy();
    }
    const two = new RolloutPool({ threads: 2 });
    try {
      const g = universe(22);
      const shared = shareGraph(g);
      await Promise.all(Array.from({ length: 40 }, (_, i) => two.run(shared, mixedRequests(g, i, 20))));
      expect(two.graphDecodes).toBeGreaterThanOrEqual(1);
      expect(two.graphDecodes).toBeLessThanOrEqual(2);
    } finally {
      await two.destroy();
    }
  });

  it("keeps graphCacheEntries graphs per thread, least recently used evicted", async () => {
    const [a, b] = [universe(31), universe(32)].map(shareGraph);
    const requests: RolloutRequest[] = [{ id: 0, prefix: new Int32Array(0), seed: 5, policy: UNIFORM }];
    for (const [entries, decodes] of [[1, 4], [2, 2]]) {
      const pool = new RolloutPool({ threads: 1, graphCacheEntries: entries });
      try {
        for (const shared of [a, b, a, b]) await pool.runMessage(shared, requests);
        expect(pool.graphDecodes).toBe(decodes);
      } finally {
        await pool.destroy();
      }
    }
  });
});

describe("RolloutPool lifecycle", () => {
  it("survives a thread that dies (past its memory limit) and replaces it", async () => {
    const pool = new RolloutPool({ threads: 1, threadMemoryMb: 16 });
    try {
      const g = universe(41);
      const shared = shareGraph(g);
      // 200,000 results need far more than 16 MB of thread heap: the thread is terminated mid-message.
      const tooMany: RolloutRequest[] = Array.from({ length: 200_000 }, (_, i) => ({ id: i, prefix: new Int32Array(0), seed: i, policy: UNIFORM }));
      const failure = await pool.runMessage(shared, tooMany).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RunnerFailure);
      expect((failure as RunnerFailure).code).toBe("rollout-failed");
      expect((failure as RunnerFailure).message).toContain("memory limit");
      expect(pool.pending).toBe(0);
      const requests = mixedRequests(g, 41, 50);
      expect(await pool.run(shared, requests)).toEqual(createInProcessRunner(g).runSync(requests));
    } finally {
      await pool.destroy();
    }
  });

  it("destroy() ends its threads; a destroyed pool rejects with RunnerFailure unavailable", async () => {
    const before = osThreads();
    const pool = new RolloutPool({ threads: 2 });
    const g = universe(51);
    await pool.run(shareGraph(g), mixedRequests(g, 51, 20));
    const during = osThreads();
    if (before >= 0) expect(during).toBeGreaterThanOrEqual(before + 2);
    await pool.destroy();
    if (before >= 0) expect(await until(5_000, () => osThreads() <= during - 2)).toBe(true);
    const failure = await pool.run(shareGraph(g), mixedRequests(g, 51, 2)).catch((e: unknown) => e);
    expect((failure as RunnerFailure).toData()).toEqual({ code: "unavailable", message: "the rollout pool is destroyed" });
    await pool.destroy();
  });

  it("destroy() while messages run or wait rejects them with RunnerFailure unavailable", async () => {
    const pool = new RolloutPool({ threads: 1 });
    const g = universe(52, { packages: 30 });
    const shared = shareGraph(g);
    const messages = [1, 2, 3].map((i) => pool.runMessage(shared, mixedRequests(g, i, 20_000)).catch((e: unknown) => e));
    expect(pool.pending).toBe(3);
    await pool.destroy();
    for (const failure of await Promise.all(messages)) {
      expect((failure as RunnerFailure).toData()).toEqual({ code: "unavailable", message: "the rollout pool was destroyed before the message finished" });
    }
    expect(pool.pending).toBe(0);
  });

  it("refuses bad options, naming them", () => {
    expect(() => new RolloutPool({ threads: 0 })).toThrow(/threads must be an integer >= 1, got 0/);
    expect(() => new RolloutPool({ graphCacheEntries: 1.5 })).toThrow(/graphCacheEntries must be an integer >= 1, got 1.5/);
    expect(() => new RolloutPool({ threadMemoryMb: -1 })).toThrow(/threadMemoryMb must be a number >= 8, got -1/);
  });
});
