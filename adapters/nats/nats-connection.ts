/**
 * One connection to NATS: connect with a deadline, reconnect forever (or as configured) after the
 * server goes away, drain or close. Status changes are counted and observable so a service can
 * report readiness; operations elsewhere in this adapter carry their own deadlines.
 */
import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection as Nc } from "nats";
import { withDeadline, type Outcome } from "./deadline.js";

export interface NatsConnectionOptions {
  /** `nats://127.0.0.1:4222`, or several. */
  readonly servers: string | readonly string[];
  readonly name: string;
  /** Deadline of the first connection. */
  readonly connectTimeoutMs: number;
  /** Pause between reconnection attempts. */
  readonly reconnectWaitMs?: number;
  /** -1: forever (the default). */
  readonly maxReconnectAttempts?: number;
  /** Deadline of JetStream API requests. */
  readonly apiTimeoutMs?: number;
}

export type ConnectionState = "connected" | "disconnected" | "closed";

export class NatsConnection {
  #state: ConnectionState = "connected";
  #reconnects = 0;
  #disconnects = 0;
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #closed: Promise<void>;

  private constructor(readonly nc: Nc, readonly apiTimeoutMs: number) {
    void this.#watch();
    this.#closed = nc.closed().then(() => this.#set("closed"));
  }

  /** Connects within `connectTimeoutMs`; an unreachable server is an `unavailable` error, not an exception. */
  static async connect(options: NatsConnectionOptions): Promise<Outcome<NatsConnection>> {
    const servers = typeof options.servers === "string" ? [options.servers] : [...options.servers];
    const attempt = await withDeadline(() => connect({
      servers,
      name: options.name,
      timeout: options.connectTimeoutMs,
      reconnect: true,
      maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 250,
      reconnectJitter: 50,
      pingInterval: 10_000,
    }), options.connectTimeoutMs + 250, `connect to ${servers.join(",")}`);
    if (!attempt.ok) return attempt;
    return { ok: true, value: new NatsConnection(attempt.value, options.apiTimeoutMs ?? 5_000) };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Times the connection came back after losing the server. */
  get reconnects(): number {
    return this.#reconnects;
  }

  get disconnects(): number {
    return this.#disconnects;
  }

  jetstream(): JetStreamClient {
    return this.nc.jetstream({ timeout: this.apiTimeoutMs });
  }

  jetstreamManager(): Promise<Outcome<JetStreamManager>> {
    return withDeadline(() => this.nc.jetstreamManager({ timeout: this.apiTimeoutMs }), this.apiTimeoutMs, "JetStream manager");
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves true once connected (at once if already), false after `ms` without. */
  waitConnected(ms: number): Promise<boolean> {
    if (this.#state === "connected") return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { off(); resolve(false); }, ms);
      const off = this.onState((s) => {
        if (s === "connected" || s === "closed") { clearTimeout(timer); off(); resolve(s === "connected"); }
      });
    });
  }

  /** Finishes pending work (subscriptions, publishes) then closes, within `ms`; closes hard after. */
  async drain(ms = 5_000): Promise<void> {
    if (this.nc.isClosed()) return;
    const drained = await withDeadline(() => this.nc.drain(), ms, "drain");
    if (!drained.ok && !this.nc.isClosed()) await this.nc.close();
    await this.#closed;
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
    await this.#closed;
  }

  #set(state: ConnectionState): void {
    if (this.#state === state || this.#state === "closed") return;
    this.#state = state;
    for (const l of [...this.#listeners]) l(state);
  }

  async #watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === "disconnect") { this.#disconnects++; this.#set("disconnected"); }
      else if (s.type === "reconnect") { this.#reconnects++; this.#set("connected"); }
    }
  }
}
