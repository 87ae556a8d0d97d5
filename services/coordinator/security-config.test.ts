import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCoordinatorConfig } from "./config.js";
import { knowledgeAccess } from "./knowledge-access.js";
import { indexUrlKey } from "./security-config.js";
import { readSecurityMaterial } from "./security-material.js";

const parse = (flags: object, env: Record<string, string> = {}) => parseCoordinatorConfig(flags, env, "/tmp/store.sqlite");
const security = (flags: object, env: Record<string, string> = {}) => {
  const r = parse(flags, env);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.security;
};
const error = (flags: object, env: Record<string, string> = {}) => {
  const r = parse(flags, env);
  return r.ok ? null : r.error.message;
};

describe("the coordinator's security settings", () => {
  it("reads flags and MAAT_* variables, a flag winning", () => {
    expect(security({ tlsCert: "/c.pem", tlsKey: "/k.pem", tokenFile: "/t", dataRoot: ["/data", "/more"], allowIndex: ["http://127.0.0.1:8080/simple/"], source: ["osv=/srv/osv"] })).toEqual({
      tls: { certFile: "/c.pem", keyFile: "/k.pem", clientCaFile: null }, tokenFile: "/t", dataRoots: ["/data", "/more"], allowIndexes: ["http://127.0.0.1:8080/simple"],
      sources: new Map([["osv", "/srv/osv"]]),
    });
    expect(security({}, { MAAT_TLS_CERT: "/c", MAAT_TLS_KEY: "/k", MAAT_TLS_CLIENT_CA: "/ca", MAAT_TOKEN_FILE: "/t", MAAT_DATA_ROOTS: "/a:/b", MAAT_ALLOW_INDEXES: "https://pypi.org/simple, https://m.example/simple", MAAT_SOURCES: "pypi=https://pypi.org/simple,thoth=/srv/thoth.tar.gz" })).toEqual({
      tls: { certFile: "/c", keyFile: "/k", clientCaFile: "/ca" }, tokenFile: "/t", dataRoots: ["/a", "/b"], allowIndexes: ["https://pypi.org/simple", "https://m.example/simple"],
      sources: new Map([["pypi", "https://pypi.org/simple"], ["thoth", "/srv/thoth.tar.gz"]]),
    });
    expect(error({ source: ["Bad=/x"] })).toMatch(/^--source: expected NAME=PATH_OR_URL/);
    expect(error({ source: ["a=relative"] })).toMatch(/^--source: expected an absolute path or an http\(s\) index URL/);
    expect(security({ dataRoot: ["/x"] }, { MAAT_DATA_ROOTS: "/a" }).dataRoots).toEqual(["/x"]);
  });

  it("names the flag or variable and the constraint", () => {
    expect(error({ tlsCert: "/c" })).toBe('--tls-cert: needs --tls-key (MAAT_TLS_KEY) too, got "/c"');
    expect(error({}, { MAAT_TLS_KEY: "/k" })).toBe('MAAT_TLS_KEY: needs --tls-cert (MAAT_TLS_CERT) too, got "/k"');
    expect(error({ tlsClientCa: "/ca" })).toMatch(/^--tls-client-ca: needs --tls-cert and --tls-key/);
    expect(error({ dataRoot: ["data"] })).toBe('--data-root: expected an absolute folder path, got "data"');
    expect(error({}, { MAAT_ALLOW_INDEXES: "ftp://x/simple" })).toMatch(/^MAAT_ALLOW_INDEXES: expected an http:\/\/ or https:\/\/ index URL/);
    expect(error({ allowIndex: ["https://user:pw@x/simple"] })).toMatch(/^--allow-index: expected .* without credentials/);
  });

  it("compares index URLs without trailing slashes, refusing credentials, queries and fragments", () => {
    expect(indexUrlKey("https://pypi.org/simple/")).toBe("https://pypi.org/simple");
    expect(indexUrlKey("https://pypi.org/simple?x=1")).toBeNull();
    expect(indexUrlKey("file:///etc")).toBeNull();
  });
});

describe("security material and knowledge access", () => {
  const dir = mkdtempSync(join(tmpdir(), "maat-security-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { tls: null, tokenFile: null, dataRoots: [], allowIndexes: ["https://pypi.org/simple"], sources: new Map<string, string>() };

  it("reads tokens one a line, comments and blank lines aside, refusing short ones without echoing them", () => {
    writeFileSync(join(dir, "tokens"), "# ops\n\n  aaaaaaaaaaaaaaaaaaaa  \nbbbbbbbbbbbbbbbbbbbb\n");
    const r = readSecurityMaterial({ ...base, tokenFile: join(dir, "tokens") }, "127.0.0.1");
    expect(r.ok && r.value.tokens).toEqual(["aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb"]);
    writeFileSync(join(dir, "short"), "short-secret\n");
    const short = readSecurityMaterial({ ...base, tokenFile: join(dir, "short") }, "127.0.0.1");
    expect(short.ok ? null : short.error.message).toBe(`--token-file (MAAT_TOKEN_FILE) ${join(dir, "short")}: line 1: a token needs at least 16 characters`);
    writeFileSync(join(dir, "empty"), "# none\n");
    expect(readSecurityMaterial({ ...base, tokenFile: join(dir, "empty") }, "127.0.0.1").ok).toBe(false);
    const plain = readSecurityMaterial({ ...base, tokenFile: join(dir, "tokens") }, "0.0.0.0");
    expect(plain.ok && plain.value.warnings).toEqual([expect.stringMatching(/^tokens without TLS/)]);
  });

  it("admits paths inside a root (resolved, symlinks followed) and refuses the rest alike", () => {
    const root = join(dir, "root");
    mkdirSync(join(root, "sub"), { recursive: true });
    writeFileSync(join(root, "sub", "g.json"), "{}");
    symlinkSync("/etc", join(root, "etc-link"));
    mkdirSync(join(dir, "rootish"));
    writeFileSync(join(dir, "rootish", "x.json"), "{}");
    const access = knowledgeAccess([root], ["https://pypi.org/simple"], new Map([["etc", "/etc/passwd"], ["mirror", "http://127.0.0.1:9/simple"]]));
    const call = (index: string, extra: object = {}) => access({ input: { requirements: ["a"], indexes: [index], ...extra }, scoresJson: null });
    const admitted = call(join(root, "sub", "..", "sub", "g.json"));
    expect(admitted.ok && admitted.value.input.indexes).toEqual([join(root, "sub", "g.json")]);
    const refusals = [join(root, "etc-link", "passwd"), "/etc/passwd", join(root, "nope.json"), join(dir, "rootish", "x.json"), "relative.json"].map((p) => {
      const r = call(p);
      return r.ok ? "admitted" : `${r.error.code} ${r.error.field} ${r.error.message}`;
    });
    expect(new Set(refusals).size).toBe(1);
    expect(refusals[0]).toMatch(/^permission-denied indexes refused: it is not inside a data root/);
    expect(call("https://pypi.org/simple/").ok).toBe(true);
    expect(call("http://127.0.0.1:22/").ok).toBe(false);
    // A named source is the operator's choice: outside the roots, an index URL not in the allow-list.
    const named = call("@etc");
    expect(named.ok && named.value.input.indexes).toEqual(["/etc/passwd"]);
    expect(call("@mirror").ok).toBe(true);
    const unknown = call("@nope");
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: "not-found", field: "indexes", message: expect.stringMatching(/no knowledge source named "nope"; ListKnowledge lists them/) });
    const advisories = call(join(root, "sub", "g.json"), { advisoriesPath: "/etc" });
    expect(advisories.ok ? null : advisories.error).toMatchObject({ code: "permission-denied", field: "advisoriesPath" });
  });
});
