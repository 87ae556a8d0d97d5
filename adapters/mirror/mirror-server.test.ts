import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnapshotCatalog, packseCatalog, parsePackseScenario, readGraphJson } from "../snapshot/index.js";
import { MirrorServer } from "./mirror-server.js";

const graph = {
  Foo_Bar: {
    "1.0": { requires_dist: ["six>=1.0", 'pytest; extra == "test"'], requires_python: ">=3.6, <4", upload_time: "2020-01-02T03:04:05Z", yanked: false },
    "1.1": { requires_dist: [], requires_python: null, upload_time: null, yanked: true },
    "not-a-version": { requires_dist: [], requires_python: null, upload_time: null, yanked: null },
    "1.2": { requires_dist: 5 },
  },
  six: { "1.14.0": { requires_dist: [], requires_python: null, upload_time: null, yanked: null } },
};

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Runs python3 on a script with the bytes on stdin; returns stdout. */
function python(script: string, input: Uint8Array): string {
  const r = spawnSync("python3", ["-c", script], { input, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

describe("mirror server over a small snapshot", () => {
  const warnings: string[] = [];
  let server: MirrorServer;
  let base: string;
  beforeAll(async () => {
    const catalog = createSnapshotCatalog("t.json", readGraphJson(JSON.stringify(graph), "t.json"));
    server = new MirrorServer({ catalog, projects: () => catalog.projects(), displayName: (n) => catalog.displayName(n) }, { warn: (m) => warnings.push(m) });
    base = (await server.start()).replace(/\/simple\/$/, "");
  });
  afterAll(() => server.stop());
  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers, redirect: "manual" });
  const JSON_TYPE = "application/vnd.pypi.simple.v1+json";

  it("lists projects as HTML by default and as JSON on request", async () => {
    const html = await get("/simple/");
    expect(html.headers.get("content-type")).toBe("application/vnd.pypi.simple.v1+html; charset=utf-8");
    expect(await html.text()).toContain('<a href="/simple/foo-bar/">foo-bar</a>');
    const json = await get("/simple/", { Accept: `text/html;q=0.5, ${JSON_TYPE}` });
    expect(json.headers.get("content-type")).toBe(JSON_TYPE);
    expect(await json.json()).toEqual({ meta: { "api-version": "1.1" }, projects: [{ name: "foo-bar" }, { name: "six" }] });
  });

  it("redirects non-normalized names, answers 404 for unknown projects", async () => {
    const r = await get("/simple/Foo_Bar/");
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("/simple/foo-bar/");
    expect((await get("/simple/foo-bar")).status).toBe(301);
    expect((await get("/simple/nope/")).status).toBe(404);
    expect((await get("/files/foo-bar/nope.whl")).status).toBe(404);
  });

  it("serves the PEP 691 project page with hashes, metadata, yanked, requires-python and upload time", async () => {
    const page = (await (await get("/simple/foo-bar/", { Accept: JSON_TYPE })).json()) as { name: string; versions: string[]; files: Record<string, unknown>[] };
    expect(page.name).toBe("foo-bar");
    expect(page.versions).toEqual(["1.0", "1.1"]);
    expect(page.files.map((f) => [f.filename, f["requires-python"], f.yanked, f["upload-time"]])).toEqual([
      ["foo_bar-1.0-py3-none-any.whl", ">=3.6, <4", false, "2020-01-02T03:04:05Z"],
      ["foo_bar-1.1-py3-none-any.whl", null, true, undefined],
    ]);
    expect(warnings.some((w) => w.includes("not-a-version") && w.includes("not a PEP 440 version"))).toBe(true);
    expect(warnings.some((w) => w.includes('foo-bar 1.2: skipped, t.json: Foo_Bar."1.2".requires_dist: expected a list of strings'))).toBe(true);
    const file = page.files[0] as { url: string; hashes: { sha256: string }; "core-metadata": { sha256: string }; size: number };
    const metadata = new Uint8Array(await (await get(`${file.url}.metadata`)).arrayBuffer());
    expect(new TextDecoder().decode(metadata)).toBe(
      "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0\nRequires-Python: >=3.6, <4\nProvides-Extra: test\nRequires-Dist: six>=1.0\nRequires-Dist: pytest; extra == \"test\"\n\n",
    );
    expect(sha256(metadata)).toBe(file["core-metadata"].sha256);
    // PEP 714: JSON pages carry `core-metadata` only (pip 22.3-23.1 fail on the legacy key)
    expect(page.files.every((f) => !("dist-info-metadata" in f) && "core-metadata" in f)).toBe(true);
    const wheelResponse = await get(file.url);
    expect(wheelResponse.headers.get("content-type")).toBe("application/zip");
    const wheel = new Uint8Array(await wheelResponse.arrayBuffer());
    expect(sha256(wheel)).toBe(file.hashes.sha256);
    expect(wheel.length).toBe(file.size);
    // python's zipfile reads it; METADATA is the .metadata document; RECORD hashes are right
    const out = python(
      `import sys, io, zipfile, hashlib, base64, csv
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert z.testzip() is None
for row in csv.reader(io.StringIO(z.read("foo_bar-1.0.dist-info/RECORD").decode())):
    if row[1]:
        d = base64.urlsafe_b64encode(hashlib.sha256(z.read(row[0])).digest()).rstrip(b"=").decode()
        assert row[1] == "sha256=" + d and int(row[2]) == len(z.read(row[0])), row
print(z.read("foo_bar-1.0.dist-info/WHEEL").decode().strip().splitlines()[-1])
sys.stdout.write(z.read("foo_bar-1.0.dist-info/METADATA").decode())`,
      wheel,
    );
    expect(out).toBe("Tag: py3-none-any\n" + new TextDecoder().decode(metadata));
  });

  it("serves PEP 503 HTML with escaped requires-python, yanked and metadata attributes", async () => {
    const html = await (await get("/simple/foo-bar/")).text();
    const a = html.split("\n").find((l) => l.includes("foo_bar-1.0-py3-none-any.whl<"));
    expect(a).toMatch(/href="\/files\/foo-bar\/foo_bar-1\.0-py3-none-any\.whl#sha256=[0-9a-f]{64}"/);
    expect(a).toContain('data-requires-python="&gt;=3.6, &lt;4"');
    // PEP 714: data-core-metadata, and the legacy attribute with the same value
    expect(a).toMatch(/data-dist-info-metadata="(sha256=[0-9a-f]{64})" data-core-metadata="\1"/);
    expect(html).toMatch(/foo_bar-1\.1-py3-none-any\.whl#sha256=[0-9a-f]{64}" data-yanked=""/);
  });

  it("sends ETags and answers If-None-Match with 304", async () => {
    const first = await get("/simple/six/");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get("/simple/six/", { "If-None-Match": etag as string });
    expect(again.status).toBe(304);
  });
});

describe("mirror server over a packse scenario", () => {
  let server: MirrorServer;
  afterAll(() => server.stop());
  it("serves tagged wheels and a readable sdist", async () => {
    const scenario = parsePackseScenario(
      `name = "t"\n[packages.a.versions."1.0.0"]\nrequires_python = ">=3.10"\nwheel_tags = ["cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"]\n[packages.a.versions."1.0.0".extras]\nx = ["b"]\n`,
      "t.toml",
    );
    const catalog = packseCatalog(scenario);
    server = new MirrorServer({ catalog, projects: () => catalog.projects() });
    const url = await server.start();
    const page = (await (await fetch(`${url}a/`, { headers: { Accept: "application/vnd.pypi.simple.v1+json" } })).json()) as { files: { filename: string; url: string }[] };
    expect(page.files.map((f) => f.filename)).toEqual(["a-1.0.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "a-1.0.0.tar.gz"]);
    const origin = new URL(url).origin;
    const wheel = new Uint8Array(await (await fetch(origin + page.files[0].url)).arrayBuffer());
    expect(python(`import sys, io, zipfile\nz = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\nprint([l for l in z.read("a-1.0.0.dist-info/WHEEL").decode().splitlines() if l.startswith("Tag")])`, wheel)).toBe(
      "['Tag: cp311-cp311-manylinux_2_17_x86_64', 'Tag: cp311-cp311-manylinux2014_x86_64']\n",
    );
    const sdist = new Uint8Array(await (await fetch(origin + page.files[1].url)).arrayBuffer());
    expect(python(`import sys, io, tarfile\nt = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()))\nsys.stdout.write(t.extractfile("a-1.0.0/PKG-INFO").read().decode())`, sdist)).toBe(
      'Metadata-Version: 2.1\nName: a\nVersion: 1.0.0\nRequires-Python: >=3.10\nProvides-Extra: x\nRequires-Dist: b ; extra == "x"\n\n',
    );
  });
});
