/**
 * Issue 15: a coordinator that is safe to expose, probed as the probe did, with an
 * independent client (Debian's python3-grpcio, schema from reflection; test/support/grpc-probe.py)
 * against `maat serve` as a real process. Certificates are made here with the openssl CLI, in a
 * temporary folder (no private key is committed).
 *
 * - bounded scores: the 9e307 scores_json is refused, health keeps answering (it froze the process);
 * - TLS (`--tls-cert/--tls-key`, client certificates with `--tls-client-ca`) and bearer tokens
 *   (`--token-file`): UNAUTHENTICATED without a valid token, health open; the MAAT_* variables;
 *   `maat advise --server --tls-ca --token-file` through a pipe;
 * - `--data-root`: paths resolve (symlinks followed) inside a root or PERMISSION_DENIED, the same
 *   answer whether the path exists or not; index URLs only from `--allow-index`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, probeMissing } from "../support/grpc-probe.js";
import { repoRoot } from "../support/shared-data.js";
import { MaatProcess, maat, maatEnv } from "./coordinator-process.js";

const missing = probeMissing();
if (missing !== null) throw new Error(`secure-coordinator: ${missing}`);

const work = mkdtempSync(join(tmpdir(), "maat-secure-"));
const data = join(work, "data");
const certs = join(work, "certs");
const TOKEN = "test-token-0123456789abcdef";
const READY = /maat serve: listening on (127\.0\.0\.1:\d+) \(standalone(?:, TLS)?\)\n/;
const env = maatEnv({ MAAT_STORE: join(work, "store", "knowledge.sqlite") });
const graph = join(data, "flask-graph.json");
const advise = (index: string, extra: Record<string, unknown> = {}) => ({ requirements: ["flask"], index, python: "3.8", budget: 200, ...extra });

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: certs, stdio: "pipe", timeout: 30_000 });
}

/** A CA, a server certificate for IP 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(): void {
  mkdirSync(certs);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=maat test CA");
  for (const [name, ext] of [["server", "subjectAltName=IP:127.0.0.1"], ["client", "extendedKeyUsage=clientAuth"]]) {
    openssl("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=maat test ${name}`);
    writeFileSync(join(certs, `${name}.ext`), `${ext}\n`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "1", "-extfile", `${name}.ext`);
  }
  writeFileSync(join(certs, "tokens"), `# the coordinator's tokens, one a line\n\n${TOKEN}\nanother-token-0123456789\n`);
}

const running: MaatProcess[] = [];
async function serve(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ address: string; process: MaatProcess }> {
  const started = await MaatProcess.start(["serve", "--listen", "127.0.0.1:0", ...args], { ...env, ...extraEnv }, READY);
  running.push(started.process);
  return { address: started.match[1], process: started.process };
}

beforeAll(() => {
  makeCertificates();
  mkdirSync(data);
  copyFileSync(join(repoRoot, "examples/flask/flask-graph.json"), graph);
  symlinkSync("/etc/passwd", join(data, "passwd-link"));
  mkdirSync(join(work, "outside"));
  writeFileSync(join(work, "outside", "secret.json"), '{"root": "x:0:0"}');
  copyFileSync(graph, join(work, "outside", "named-graph.json"));
  symlinkSync(join(work, "outside"), join(data, "outside-link"));
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe("bounded scores (issue 15 item 1)", () => {
  let address: string;
  let coordinator: MaatProcess;
  beforeAll(async () => { ({ address, process: coordinator } = await serve(["--data-root", data])); }, 30_000);

  it("refuses scores whose sum would overflow, and health answers throughout", async () => {
    const call = probe(address, "maat.v1.Adviser/Advise", {
      request: advise(graph, { predictor: "mcts", timeout_seconds: 5, scores_json: JSON.stringify({ flask: { "2.3.3": 9e307 }, werkzeug: { "2.3.7": 9e307 } }) }),
      timeout: 20,
    });
    const health = await probe(address, "grpc.health.v1.Health/Check", { request: { service: "maat.v1.Adviser" }, timeout: 5 });
    expect(health.messages).toEqual([{ status: "SERVING" }]);
    const answer = await call;
    expect(answer.status).toBe("INVALID_ARGUMENT");
    expect(answer.details).toMatch(/^scores_json: flask "2\.3\.3": expected a finite number from -1,000,000 to 1,000,000 \(the scores range\), got 9e\+307$/);
  }, 60_000);

  it("runs an advise whose scores sit at the bounds to its end, with a finite score", async () => {
    const answer = await probe(address, "maat.v1.Adviser/Advise", {
      request: advise(graph, { scores_json: JSON.stringify({ flask: { "2.3.3": 1e6 }, werkzeug: { "2.3.7": 1e6 } }), weights: { scores: 1e6 } }),
    });
    expect(answer.status).toBe("OK");
    const final = answer.messages.at(-1)?.final as { best_score: number; report_json: string };
    expect(Number.isFinite(final.best_score)).toBe(true);
    expect(final.best_score).toBeGreaterThan(1e12);
  }, 60_000);

  it("writes one structured log line per advise: id, request summary, outcome, duration, stacks (issue 15 item 7)", async () => {
    const answer = await probe(address, "maat.v1.Adviser/Advise", { request: advise(graph, { budget: 300, predictor: "td" }) });
    const id = (answer.messages.at(-1)?.final as { advise_id: string }).advise_id;
    const until = Date.now() + 5_000;
    const line = () => coordinator.stderr.split("\n").find((l) => l.includes(`"advise_id":"${id}"`));
    while (line() === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const record = JSON.parse(line() ?? "null");
    expect(record).toMatchObject({
      event: "advise", advise_id: id, outcome: "done", stacks: 300,
      request: { requirements: 1, first_requirements: ["flask"], index: "snapshot", predictor: "td", recommendation: "stable", budget: 300, timeout_ms: 600_000 },
    });
    expect(record.duration_ms).toBeGreaterThan(0);
    const refused = coordinator.stderr.split("\n").filter((l) => l.startsWith('{"event":"advise"')).map((l) => JSON.parse(l)).find((r) => r.outcome === "failed");
    expect(refused).toBeUndefined(); // The 9e307 request was refused before it became an advise.
  }, 60_000);
});

describe("TLS and bearer tokens (issue 15 item 2)", () => {
  let address: string;
  const ca = () => join(certs, "ca.pem");
  beforeAll(async () => {
    ({ address } = await serve(["--tls-cert", join(certs, "server.pem"), "--tls-key", join(certs, "server.key"), "--token-file", join(certs, "tokens"), "--data-root", data]));
  }, 30_000);

  it("answers a TLS client with a valid token, and only that", async () => {
    const ok = await probe(address, "maat.v1.Adviser/ListPredictors", { ca: ca(), token: TOKEN });
    expect(ok.status).toBe("OK");
    expect((ok.messages[0].predictors as unknown[]).length).toBeGreaterThan(3);
    const second = await probe(address, "maat.v1.Adviser/ListPredictors", { ca: ca(), token: "another-token-0123456789" });
    expect(second.status).toBe("OK");
    for (const callToken of ["", "wrong-token-0123456789abcdef", `${TOKEN}x`]) {
      const refused = await probe(address, "maat.v1.Adviser/ListPredictors", { ca: ca(), token: TOKEN, callToken });
      expect(refused, callToken).toMatchObject({ status: "UNAUTHENTICATED", details: expect.stringMatching(/authorization: Bearer <token>/) });
    }
    const streamed = await probe(address, "maat.v1.Adviser/Advise", { ca: ca(), token: TOKEN, callToken: "", request: advise(graph) });
    expect(streamed.status).toBe("UNAUTHENTICATED");
    // Reflection is guarded too.
    const reflection = await probe(address, "maat.v1.Adviser/ListPredictors", { ca: ca() });
    expect(reflection).toMatchObject({ status: "UNAUTHENTICATED", phase: "reflection" });
  }, 60_000);

  it("keeps health open without a token (probes carry no secret)", async () => {
    // Reflection needs the token; the check itself goes without one.
    const health = await probe(address, "grpc.health.v1.Health/Check", { ca: ca(), token: TOKEN, callToken: "", request: { service: "maat.v1.Adviser" } });
    expect(health.messages).toEqual([{ status: "SERVING" }]);
  }, 30_000);

  it("refuses plaintext clients", async () => {
    const plain = await probe(address, "grpc.health.v1.Health/Check", { token: TOKEN, timeout: 5 });
    expect(plain.status).toBe("UNAVAILABLE");
  }, 30_000);

  it("maat advise --server takes --tls-ca and --token-file (or MAAT_TLS_CA, MAAT_TOKEN_FILE), through a pipe", async () => {
    const args = ["advise", "--server", address, "--index", graph, "--python", "3.8", "--budget", "200", "--format", "json", "flask"];
    const ok = await maat([...args, "--tls-ca", ca(), "--token-file", join(certs, "tokens")], env);
    expect(ok.stderr).not.toMatch(/Warning|DEP0123/);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).products.length).toBeGreaterThan(0);
    const byEnv = await maat(args, { ...env, MAAT_TLS_CA: ca(), MAAT_TOKEN_FILE: join(certs, "tokens") });
    expect(byEnv.code).toBe(0);
    const noToken = await maat([...args, "--tls-ca", ca()], env);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/authorization: Bearer <token>/);
  }, 120_000);
});

describe("client certificates (--tls-client-ca) and the MAAT_* variables", () => {
  let address: string;
  beforeAll(async () => {
    ({ address } = await serve([], {
      MAAT_TLS_CERT: join(certs, "server.pem"), MAAT_TLS_KEY: join(certs, "server.key"), MAAT_TLS_CLIENT_CA: join(certs, "ca.pem"),
      MAAT_TOKEN_FILE: join(certs, "tokens"), MAAT_DATA_ROOTS: `${join(work, "nowhere")}:${data}`,
    }));
  }, 30_000);

  it("answers a client with a certificate the CA signed, and refuses one without", async () => {
    const withCert = await probe(address, "maat.v1.Adviser/Advise", {
      ca: join(certs, "ca.pem"), cert: join(certs, "client.pem"), key: join(certs, "client.key"), token: TOKEN, request: advise(graph),
    });
    expect(withCert.status).toBe("OK");
    const without = await probe(address, "grpc.health.v1.Health/Check", { ca: join(certs, "ca.pem"), token: TOKEN, timeout: 5 });
    expect(without.status).toBe("UNAVAILABLE");
  }, 60_000);
});

describe("knowledge by data root, index URLs by allow-list (issue 15 item 2)", () => {
  let address: string;
  let bare: string;
  beforeAll(async () => {
    ({ address } = await serve(["--data-root", data, "--allow-index", "http://127.0.0.1:9/simple/", "--source", `flask=${join(work, "outside", "named-graph.json")}`, "--source", "mirror=http://127.0.0.1:9/simple"]));
    ({ address: bare } = await serve([]));
  }, 30_000);

  const details = async (target: string, request: Record<string, unknown>) => {
    const answer = await probe(target, "maat.v1.Adviser/Advise", { request, timeout: 20 });
    return `${answer.status} ${answer.details}`;
  };

  it("reads a snapshot inside a data root", async () => {
    expect(await details(address, advise(graph))).toBe("OK ");
  }, 30_000);

  it("refuses a path outside every root, symlinks followed, with one answer whether it exists or not", async () => {
    const refusal = "PERMISSION_DENIED index: refused: it is not inside a data root of this coordinator (--data-root); ask its operator which sources it serves";
    for (const index of [join(data, "passwd-link"), "/etc/passwd", "/etc/shadow", "/no/such/file", join(data, "no-such-file"), join(data, "outside-link", "secret.json"), `${data}/../outside/secret.json`]) {
      expect(await details(address, advise(index)), index).toBe(refusal);
    }
    for (const field of ["advisories_path", "prescriptions_path"]) {
      for (const path of ["/etc", "/no/such/folder", join(data, "outside-link")]) {
        expect(await details(address, advise(graph, { [field]: path })), `${field} ${path}`).toBe(refusal.replace("index:", `${field}:`));
      }
    }
  }, 120_000);

  it("lists the named sources (names and kinds, no paths) and reads one a request names @NAME", async () => {
    const listed = await probe(address, "maat.v1.Adviser/ListKnowledge");
    expect(listed.messages).toEqual([{ sources: [{ name: "flask", kind: "path" }, { name: "mirror", kind: "index-url" }] }]);
    expect(await details(address, advise("@flask"))).toBe("OK ");
    expect(await details(address, advise("@nope"))).toBe('NOT_FOUND index: no knowledge source named "nope"; ListKnowledge lists them');
    const cli = await maat(["advise", "--server", address, "--index", "@flask", "--python", "3.8", "--budget", "100", "--format", "json", "flask"], env);
    expect(cli.code, cli.stderr).toBe(0);
  }, 60_000);

  it("reads no path at all without --data-root", async () => {
    expect(await details(bare, advise(graph))).toMatch(/^PERMISSION_DENIED index: refused: this coordinator has no data root \(--data-root, MAAT_DATA_ROOTS\)/);
  }, 30_000);

  it("uses only the index URLs of --allow-index (a request cannot make it GET any port)", async () => {
    expect(await details(address, advise("http://127.0.0.1:22/simple"))).toMatch(/^PERMISSION_DENIED index: refused: "http:\/\/127\.0\.0\.1:22\/simple" is not an index this coordinator allows \(--allow-index: http:\/\/127\.0\.0\.1:9\/simple\)$/);
    expect(await details(address, advise("https://pypi.org/simple", { offline: true }))).toMatch(/^PERMISSION_DENIED /);
    expect(await details(bare, advise("http://127.0.0.1:22/simple"))).toMatch(/--allow-index: https:\/\/pypi\.org\/simple\)$/);
    // An allowed URL is admitted (offline: the store answers, nothing leaves the machine).
    expect(await details(address, advise("http://127.0.0.1:9/simple", { offline: true }))).not.toMatch(/^PERMISSION_DENIED/);
  }, 60_000);
});
