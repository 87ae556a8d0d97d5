import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./limits.js";
import { groupReleases, versionKey } from "./releases.js";
import { parseSimpleHtml } from "./simple-html-page.js";
import { parseSimpleJson } from "./simple-json-page.js";

const pageUrl = "http://127.0.0.1:1/simple/demo/";

describe("PEP 503 HTML pages", () => {
  const html = `<!DOCTYPE html><html><body><h1>Links for demo</h1>
    <a href="../../files/demo-1.0.tar.gz#sha256=ABCDEF" data-requires-python="&gt;=3.6, !=3.7.*">demo-1.0.tar.gz</a><br/>
    <a href='/files/demo-1.0-py3-none-any.whl#sha256=0123' data-requires-python="&gt;=3.6" data-core-metadata="sha256=99ff">demo-1.0-py3-none-any.whl</a>
    <a href="https://files.example/demo-2.0.tar.gz" data-yanked="broken &amp; bad" data-dist-info-metadata="true">demo-2.0.tar.gz</a>
    <a href="demo-3.0.zip" data-yanked data-dist-info-metadata="false">demo-3.0.zip</a>
  </body></html>`;

  it("reads hrefs relative to the page, hash fragments, escaped attributes, yanked reasons and metadata flags", () => {
    const r = parseSimpleHtml(html, pageUrl, DEFAULT_LIMITS);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.map((f) => f.url)).toEqual([
      "http://127.0.0.1:1/files/demo-1.0.tar.gz",
      "http://127.0.0.1:1/files/demo-1.0-py3-none-any.whl",
      "https://files.example/demo-2.0.tar.gz",
      "http://127.0.0.1:1/simple/demo/demo-3.0.zip",
    ]);
    expect(r.value[0]).toMatchObject({ filename: "demo-1.0.tar.gz", hashes: { sha256: "abcdef" }, requiresPython: ">=3.6, !=3.7.*", yanked: false });
    expect(r.value[0].hasMetadata).toBeUndefined();
    expect(r.value[1]).toMatchObject({ hasMetadata: true, metadataHashes: { sha256: "99ff" } });
    expect(r.value[2]).toMatchObject({ yanked: true, yankedReason: "broken & bad", hasMetadata: true });
    expect(r.value[3]).toMatchObject({ yanked: true, yankedReason: null });
    expect(r.value[3].hasMetadata).toBeUndefined();
  });

  it("groups files into releases; a release is yanked only when all its files are", () => {
    const r = parseSimpleHtml(html, pageUrl, DEFAULT_LIMITS);
    if (!r.ok) throw new Error(r.error);
    const releases = groupReleases("demo", r.value);
    expect([...releases.values()].map((r) => r.info.version)).toEqual(["1.0", "2.0", "3.0"]);
    expect(releases.get(versionKey("1.0"))?.info).toMatchObject({ version: "1.0", yanked: false, requiresPython: ">=3.6, !=3.7.*", hashes: { sha256: "abcdef" } });
    expect(releases.get(versionKey("1.0"))?.info.files).toHaveLength(2);
    expect(releases.get(versionKey("2.0"))?.info).toMatchObject({ yanked: true, yankedReason: "broken & bad" });
  });

  it("refuses more files than the limit", () => {
    const r = parseSimpleHtml(html, pageUrl, { ...DEFAULT_LIMITS, maxFiles: 2 });
    expect(r).toEqual({ ok: false, error: `${pageUrl}: more than 2 files listed` });
  });
});

describe("PEP 691 JSON pages", () => {
  const doc = {
    meta: { "api-version": "1.1" },
    name: "demo",
    files: [
      { filename: "demo-1.0.tar.gz", url: "../../files/demo-1.0.tar.gz", hashes: { sha256: "AA" }, "requires-python": ">=3.8", "upload-time": "2020-01-01T00:00:00Z", size: 10 },
      { filename: "demo-1.0-py3-none-any.whl", url: "/files/demo-1.0-py3-none-any.whl", hashes: {}, "core-metadata": { sha256: "bb" }, yanked: "oops", "upload-time": "2019-12-31T00:00:00Z" },
      { filename: "demo-1.1.tar.gz", url: "x", hashes: {}, yanked: true, "dist-info-metadata": true },
    ],
  };

  it("reads files with hashes, requires-python, yanked, core-metadata and upload-time", () => {
    const r = parseSimpleJson(JSON.stringify(doc), pageUrl, DEFAULT_LIMITS);
    if (!r.ok) throw new Error(r.error);
    expect(r.value[0]).toMatchObject({ url: "http://127.0.0.1:1/files/demo-1.0.tar.gz", hashes: { sha256: "aa" }, requiresPython: ">=3.8", uploadTime: "2020-01-01T00:00:00Z", size: 10, yanked: false });
    expect(r.value[1]).toMatchObject({ hasMetadata: true, metadataHashes: { sha256: "bb" }, yanked: true, yankedReason: "oops" });
    expect(r.value[2]).toMatchObject({ hasMetadata: true, yanked: true, yankedReason: null });
    const releases = groupReleases("demo", r.value);
    expect(releases.get(versionKey("1.0"))?.info).toMatchObject({ yanked: false, uploadTime: "2019-12-31T00:00:00Z" });
    expect(releases.get(versionKey("1.1"))?.info.yanked).toBe(true);
  });

  it("names the field that is wrong", () => {
    const bad = { ...doc, files: [{ filename: "demo-1.0.tar.gz", url: 3, hashes: {} }] };
    expect(parseSimpleJson(JSON.stringify(bad), pageUrl, DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining("files[0].url") });
    expect(parseSimpleJson(JSON.stringify({ ...doc, meta: { "api-version": "2.0" } }), pageUrl, DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining("api-version") });
    expect(parseSimpleJson("{nope", pageUrl, DEFAULT_LIMITS)).toMatchObject({ ok: false, error: expect.stringContaining("not JSON") });
  });
});

describe("releases", () => {
  it("groups files whose versions are equal under PEP 440", () => {
    const f = (filename: string) => ({ filename, hashes: {}, requiresPython: null, yanked: false, uploadTime: null });
    const releases = groupReleases("demo", [f("demo-1.0.tar.gz"), f("demo-1.0.0-py3-none-any.whl"), f("demo-1.0rc1.tar.gz"), f("demo-1.0-rc1.zip")]);
    expect([...releases.values()].map((r) => [r.info.version, r.files.length])).toEqual([["1.0", 2], ["1.0rc1", 2]]);
  });
});

describe("hostile HTML", () => {
  it("scans a page of many unclosed anchors in linear time", () => {
    const page = "<a href='demo-1.0.tar.gz'>".repeat(50_000);
    const start = Date.now();
    const r = parseSimpleHtml(page, pageUrl, DEFAULT_LIMITS);
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(r.ok && r.value.length).toBe(50_000);
  });

  it("refuses an endless tag", () => {
    const r = parseSimpleHtml(`<a href="x" ${"y".repeat(100_000)}>`, pageUrl, DEFAULT_LIMITS);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining("<a> tag longer than") });
  });
});
