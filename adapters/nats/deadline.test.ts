import { describe, expect, it } from "vitest";
import { natsErrorToWire, withDeadline } from "./deadline.js";

const natsError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("withDeadline", () => {
  it("settles with the operation's value", async () => {
    expect(await withDeadline(async () => 42, 1_000, "answer")).toEqual({ ok: true, value: 42 });
  });

  it("settles with deadline-exceeded naming the operation when it does not answer in time, and ignores a late answer", async () => {
    let late: (v: number) => void = () => {};
    const started = Date.now();
    const r = await withDeadline(() => new Promise<number>((resolve) => { late = resolve; }), 50, "graph fetch");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r).toEqual({ ok: false, error: { code: "deadline-exceeded", message: "graph fetch: no answer within 50 ms" } });
    late(1);
  });

  it("turns what the operation throws into error data", async () => {
    expect(await withDeadline(async () => { throw natsError("CONNECTION_CLOSED", "closed"); }, 1_000, "publish"))
      .toEqual({ ok: false, error: { code: "unavailable", message: "publish: NATS unavailable (closed)" } });
  });
});

describe("natsErrorToWire", () => {
  it("maps the nats client's codes to the adapters' failure codes, naming the operation", () => {
    expect(natsErrorToWire(natsError("CONNECTION_REFUSED", "refused"), "connect")).toEqual({ code: "unavailable", message: "connect: NATS unavailable (refused)" });
    expect(natsErrorToWire(natsError("503", "no responders"), "fetch")).toEqual({ code: "unavailable", message: "fetch: NATS unavailable (no responders)" });
    expect(natsErrorToWire(natsError("TIMEOUT", "timeout"), "ack")).toEqual({ code: "deadline-exceeded", message: "ack: NATS timed out (timeout)" });
    expect(natsErrorToWire(natsError("408", "expired"), "pull")).toEqual({ code: "deadline-exceeded", message: "pull: NATS timed out (expired)" });
    expect(natsErrorToWire(natsError("MAX_PAYLOAD_EXCEEDED", "too big"), "publish")).toEqual({ code: "payload-too-large", message: "publish: too big" });
    expect(natsErrorToWire(natsError("PERMISSIONS_VIOLATION", "denied"), "publish")).toEqual({ code: "unavailable", message: "publish: denied (PERMISSIONS_VIOLATION)" });
    expect(natsErrorToWire("plain text", "op")).toEqual({ code: "unavailable", message: "op: plain text" });
  });
});
