/**
 * A real nats-server with JetStream for integration tests: a free loopback port (bound to port 0
 * first), a temporary store directory, readiness awaited with a deadline, stopped by its pid.
 * `restart()` brings it back on the same port and store (for reconnection tests).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CANDIDATES = [process.env.NATS_SERVER_BIN, "/usr/sbin/nats-server", "/usr/bin/nats-server", "nats-server"].filter((x): x is string => !!x);

/** The nats-server binary, or null when none runs. */
export function natsServerBinary(): string | null {
  for (const bin of CANDIDATES) {
    const r = spawnSync(bin, ["--version"], { timeout: 5_000 });
    if (r.status === 0) return bin;
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(500, () => done(false));
    socket.once("data", (d) => done(d.toString().startsWith("INFO")));
    socket.once("error", () => done(false));
  });
}

export class NatsServer {
  #child: ChildProcess | null = null;
  #stderr = "";

  private constructor(readonly bin: string, readonly port: number, readonly storeDir: string) {}

  /** Starts a server on a free loopback port; throws when it does not answer within `deadlineMs`. */
  static async start(deadlineMs = 10_000): Promise<NatsServer> {
    const bin = natsServerBinary();
    if (bin === null) throw new Error("nats-server not found (install the Debian package nats-server: make setup)");
    const server = new NatsServer(bin, await freePort(), mkdtempSync(join(tmpdir(), "maat-nats-")));
    await server.#spawn(deadlineMs);
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async #spawn(deadlineMs: number): Promise<void> {
    this.#stderr = "";
    const child = spawn(this.bin, ["-js", "-sd", this.storeDir, "-a", "127.0.0.1", "-p", String(this.port)], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr?.on("data", (d: Buffer) => { this.#stderr = (this.#stderr + d.toString()).slice(-4000); });
    this.#child = child;
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${this.#stderr}`);
      // JetStream is ready once the log says so; the port answering INFO comes first.
      if (this.#stderr.includes("Server is ready") && (await answers(this.port))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.#kill();
    throw new Error(`nats-server on port ${this.port} not ready within ${deadlineMs} ms: ${this.#stderr}`);
  }

  #kill(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.pid === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const hard = setTimeout(() => { if (child.exitCode === null) process.kill(child.pid as number, "SIGKILL"); }, 3_000);
      child.once("exit", () => { clearTimeout(hard); resolve(); });
      process.kill(child.pid as number, "SIGTERM");
    });
  }

  /** Stops the process (by its pid), keeping the store directory. */
  stop(): Promise<void> {
    return this.#kill();
  }

  /** Starts it again on the same port and store. */
  async restart(deadlineMs = 10_000): Promise<void> {
    await this.#kill();
    await this.#spawn(deadlineMs);
  }

  /** Stops it and removes its store. */
  async dispose(): Promise<void> {
    await this.#kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
