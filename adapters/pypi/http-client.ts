/**
 * HTTP GET for index documents on Node's fetch (undici: keep-alive connection pool per origin).
 * Every request has a deadline covering all its attempts; each attempt has its own timeout that
 * also bounds reading the body. 5xx, 429, connection errors and timed-out attempts are retried
 * with exponential backoff and full jitter while the deadline allows. Bodies are read up to a
 * byte limit (after decompression), so a huge or endless document is an error, not a hang.
 * Outcomes are values; nothing here throws for what a server or the network does.
 */

export interface HttpOptions {
  /** Milliseconds one attempt (connect, headers, body) may take. Default 15,000. */
  readonly attemptTimeoutMs?: number;
  /** Milliseconds a request may take over all its attempts and backoffs. Default 60,000. */
  readonly deadlineMs?: number;
  /** Attempts after the first. Default 3. */
  readonly retries?: number;
  /** First backoff ceiling in ms, doubled per retry (full jitter: a uniform draw below it). Default 200. */
  readonly backoffMs?: number;
  /** Largest backoff ceiling in ms. Default 5,000. */
  readonly maxBackoffMs?: number;
  /** A number in [0, 1) for the jitter; defaults to Math.random. */
  readonly random?: () => number;
  readonly userAgent?: string;
}

export interface HttpRequest {
  readonly accept: string;
  /** Sent as If-None-Match. */
  readonly etag?: string | null;
  readonly maxBytes: number;
}

export type HttpOutcome =
  | { readonly kind: "ok"; readonly url: string; readonly body: Uint8Array; readonly contentType: string; readonly etag: string | null }
  | { readonly kind: "not-modified"; readonly url: string }
  | { readonly kind: "not-found"; readonly url: string; readonly status: number }
  | { readonly kind: "too-large"; readonly url: string; readonly reason: string }
  /** The server or the network did not deliver (connection refused, timeout, 5xx after retries, 403 ...). */
  | { readonly kind: "unavailable"; readonly url: string; readonly reason: string };

export interface HttpClient {
  get(url: string, request: HttpRequest): Promise<HttpOutcome>;
  /** Attempts made so far (retries included). */
  attempts(): number;
}

type Attempt = HttpOutcome | { readonly kind: "retry"; readonly reason: string };

export function createHttpClient(options: HttpOptions = {}): HttpClient {
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
  const deadlineMs = options.deadlineMs ?? 60_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const random = options.random ?? Math.random;
  const userAgent = options.userAgent ?? "maat (PyPI-compatible index client)";
  for (const [k, v] of Object.entries({ attemptTimeoutMs, deadlineMs, retries, backoffMs, maxBackoffMs })) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`http option ${k} must be a non-negative number, got ${v}`);
  }
  let attempts = 0;

  async function attempt(url: string, request: HttpRequest, timeoutMs: number): Promise<Attempt> {
    attempts++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const headers: Record<string, string> = { accept: request.accept, "user-agent": userAgent };
    if (request.etag) headers["if-none-match"] = request.etag;
    try {
      const response = await fetch(url, { headers, signal: controller.signal, redirect: "follow" });
      const status = response.status;
      if (status === 304) {
        await response.body?.cancel();
        return { kind: "not-modified", url };
      }
      if (status === 404 || status === 410) {
        await response.body?.cancel();
        return { kind: "not-found", url, status };
      }
      if (status >= 500 || status === 429) {
        await response.body?.cancel();
        return { kind: "retry", reason: `${url} answered ${status} ${response.statusText}`.trim() };
      }
      if (status !== 200) {
        await response.body?.cancel();
        return { kind: "unavailable", url, reason: `${url} answered ${status} ${response.statusText}`.trim() };
      }
      const declared = Number(response.headers.get("content-length") ?? NaN);
      if (declared > request.maxBytes) {
        await response.body?.cancel();
        return { kind: "too-large", url, reason: `${url}: the document (${declared} bytes) is larger than the limit of ${request.maxBytes} bytes` };
      }
      // A declared length within the limit is enforced by fetch itself (a longer body is an error).
      const body = Number.isSafeInteger(declared) && declared >= 0
        ? new Uint8Array(await response.arrayBuffer())
        : await readLimited(response, request.maxBytes);
      if (body === null) return { kind: "too-large", url, reason: `${url}: the document is larger than the limit of ${request.maxBytes} bytes` };
      return { kind: "ok", url, body, contentType: response.headers.get("content-type") ?? "", etag: response.headers.get("etag") };
    } catch (e) {
      if (timedOut) return { kind: "retry", reason: `no complete answer from ${url} within ${timeoutMs} ms` };
      const code = errorCode(e);
      if (code === "UND_ERR_HEADERS_OVERFLOW") return { kind: "too-large", url, reason: `${url}: the response headers are larger than the limit` };
      return { kind: "retry", reason: describeNetworkError(code, url, e) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    attempts: () => attempts,
    async get(url, request) {
      const start = Date.now();
      let last = "";
      let tries = 0;
      for (let i = 0; i <= retries; i++) {
        const remaining = deadlineMs - (Date.now() - start);
        if (remaining <= 0) break;
        tries++;
        const result = await attempt(url, request, Math.min(attemptTimeoutMs, remaining));
        if (result.kind !== "retry") return result;
        last = result.reason;
        if (i === retries) break;
        const ceiling = Math.min(maxBackoffMs, backoffMs * 2 ** i);
        const delay = Math.floor(random() * ceiling);
        if (Date.now() - start + delay >= deadlineMs) break;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      const elapsed = Date.now() - start;
      return { kind: "unavailable", url, reason: `${last} (gave up after ${tries} attempt${tries === 1 ? "" : "s"} in ${elapsed} ms; deadline ${deadlineMs} ms)` };
    },
  };
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && typeof cur === "object" && cur !== null; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(code: string | undefined, url: string, e: unknown): string {
  switch (code) {
    case "ECONNREFUSED": return `connection refused to ${url}`;
    case "ENOTFOUND": case "EAI_AGAIN": return `host not found for ${url}`;
    case "ECONNRESET": case "UND_ERR_SOCKET": case "EPIPE": return `connection reset by ${url}`;
    case "ETIMEDOUT": case "UND_ERR_CONNECT_TIMEOUT": return `connection timed out to ${url}`;
    case "EHOSTUNREACH": case "ENETUNREACH": return `network unreachable for ${url}`;
    default: {
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      return `cannot fetch ${url}: ${code ?? cause ?? (e as Error).message}`;
    }
  }
}
