/**
 * A tiny HTTP server for Prometheus: GET /metrics answers the registry in the text exposition
 * format; GET /healthz answers 200 SERVING or 503 NOT_SERVING from `healthy` when given (for
 * probes that cannot speak the gRPC API's TLS); anything else is 404 (405 for other methods).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface MetricsServerOptions {
  readonly host: string;
  /** 0: any free port (read `port` after start). */
  readonly port: number;
  /** Serve /healthz from this (none: 404). */
  readonly healthy?: () => boolean;
}

export class MetricsServer {
  readonly #server: Server;
  #port = 0;

  constructor(private readonly registry: Registry, private readonly options: MetricsServerOptions) {
    this.#server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      const healthy = this.options.healthy;
      if (path === "/healthz" && healthy !== undefined) {
        if (req.method !== "GET" && req.method !== "HEAD") { res.writeHead(405, { allow: "GET, HEAD" }).end(); return; }
        const ok = healthy();
        res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(req.method === "HEAD" ? undefined : ok ? "SERVING\n" : "NOT_SERVING\n");
        return;
      }
      if (path !== "/metrics") { res.writeHead(404, { "content-type": "text/plain" }).end("not found\n"); return; }
      if (req.method !== "GET" && req.method !== "HEAD") { res.writeHead(405, { allow: "GET, HEAD" }).end(); return; }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": this.registry.contentType }).end(req.method === "HEAD" ? undefined : text),
        (e: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${(e as Error).message}\n`),
      );
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(this.options.port, this.options.host, () => {
        this.#server.off("error", reject);
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve(this.#port);
      });
    });
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://${this.options.host}:${this.#port}/metrics`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
