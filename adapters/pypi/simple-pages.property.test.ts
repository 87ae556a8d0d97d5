import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCoreMetadata } from "./core-metadata.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { parseSimpleHtml } from "./simple-html-page.js";
import { parseSimpleJson } from "./simple-json-page.js";

const pageUrl = "http://127.0.0.1:1/simple/demo/";
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.trim() !== "");

const file = fc.record({
  version: fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,3}){0,2}(rc[0-9])?$/),
  wheel: fc.boolean(),
  sha: fc.stringMatching(/^[0-9a-f]{8,64}$/),
  requiresPython: fc.option(text, { nil: null }),
  yanked: fc.option(fc.option(text, { nil: null }), { nil: undefined }),
  metadata: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }),
});

describe("PEP 503 and PEP 691 pages agree", () => {
  it("the same files written as HTML (escaped) and as JSON parse to the same records", () => {
    fc.assert(fc.property(fc.array(file, { maxLength: 12 }), (files) => {
      const named = files.map((f, i) => ({ ...f, filename: f.wheel ? `demo-${f.version}-${i}-py3-none-any.whl` : `demo-${f.version}.tar.gz` }));
      const html = named.map((f) => {
        const attrs = [`href="../../files/${f.filename}#sha256=${f.sha}"`];
        if (f.requiresPython !== null) attrs.push(`data-requires-python="${escape(f.requiresPython)}"`);
        if (f.yanked !== undefined) attrs.push(f.yanked === null ? "data-yanked" : `data-yanked="${escape(f.yanked)}"`);
        if (f.metadata !== undefined) attrs.push(`data-core-metadata="sha256=${f.metadata}"`);
        return `<a ${attrs.join(" ")}>${escape(f.filename)}</a><br/>`;
      }).join("\n");
      const json = JSON.stringify({
        meta: { "api-version": "1.1" },
        files: named.map((f) => ({
          filename: f.filename, url: `../../files/${f.filename}`, hashes: { sha256: f.sha }, "requires-python": f.requiresPython,
          ...(f.yanked !== undefined ? { yanked: f.yanked === null ? true : f.yanked } : {}),
          ...(f.metadata !== undefined ? { "core-metadata": { sha256: f.metadata } } : {}),
        })),
      });
      const a = parseSimpleHtml(`<html><body>${html}</body></html>`, pageUrl, DEFAULT_LIMITS);
      const b = parseSimpleJson(json, pageUrl, DEFAULT_LIMITS);
      expect(a).toEqual(b);
      expect(a.ok && a.value.length).toBe(named.length);
    }));
  });
});

describe("core metadata", () => {
  it("reads back every Requires-Dist line written, folded or not", () => {
    const requirement = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}( ?[<>=!~]=? ?[0-9](\.[0-9]){0,2})?(; python_version >= "3\.[0-9]")?$/);
    fc.assert(fc.property(fc.array(fc.tuple(requirement, fc.boolean()), { maxLength: 20 }), (reqs) => {
      const lines = ["Metadata-Version: 2.1", "Name: demo", ...reqs.map(([r, fold]) => {
        const cut = r.indexOf(" ");
        return fold && cut > 0 ? `Requires-Dist: ${r.slice(0, cut)}\n ${r.slice(cut + 1)}` : `Requires-Dist: ${r}`;
      })];
      const parsed = parseCoreMetadata(new TextEncoder().encode(lines.join("\n") + "\n\nbody"), "demo", DEFAULT_LIMITS);
      expect(parsed).toEqual({ ok: true, value: { requiresDist: reqs.map(([r]) => r), requiresPython: null, providesExtra: [] } });
    }));
  });
});
