import { describe, expect, it } from "vitest";
import { environmentFor } from "./environment.js";
import { evaluateMarker, evaluateMarkerChecked } from "./marker-evaluate.js";
import { markerExtras } from "./marker-extras.js";
import { parseMarker } from "./marker-parse.js";
import type { Marker } from "./marker.js";

function m(text: string): Marker {
  const r = parseMarker(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const linux38 = environmentFor({ python: "3.8", platform: "linux" });
const win311 = environmentFor({ python: "3.11.4", platform: "windows" });

describe("evaluateMarker", () => {
  it("compares versions as versions and strings as strings", () => {
    expect(evaluateMarker(m('python_version < "3.10"'), linux38)).toBe(true);
    expect(evaluateMarker(m('python_version < "3.10"'), win311)).toBe(false);
    expect(evaluateMarker(m('python_full_version >= "3.11.0rc1"'), win311)).toBe(true);
    expect(evaluateMarker(m('python_version == "3.*"'), linux38)).toBe(true);
    expect(evaluateMarker(m('sys_platform == "win32" and platform_machine == "AMD64"'), win311)).toBe(true);
    expect(evaluateMarker(m('"linux" in sys_platform'), linux38)).toBe(true);
    expect(evaluateMarker(m('os_name > "nt"'), linux38)).toBe(false);
    expect(evaluateMarker(m('python_version > "3" or os_name == "nt" and python_version < "3"'), linux38)).toBe(true);
  });
  it("evaluates extras with a given value, normalized", () => {
    const marker = m('extra == "Test_Suite" and python_version >= "3"');
    expect(markerExtras(marker)).toEqual(["test-suite"]);
    expect(evaluateMarker(marker, linux38)).toBe(false);
    expect(evaluateMarker(marker, linux38, "test.suite")).toBe(true);
    expect(evaluateMarker(marker, { ...linux38, extra: "TEST-suite" })).toBe(true);
  });
  it("reports what packaging cannot evaluate", () => {
    expect(evaluateMarkerChecked(m('os_name ~= "posix"'), linux38)).toMatchObject({ ok: false, error: { kind: "undefined-comparison" } });
    expect(evaluateMarkerChecked(m('"a" in extras'), linux38)).toMatchObject({ ok: false, error: { kind: "undefined-variable" } });
    expect(evaluateMarker(m('python_version > "3" or os_name ~= "posix"'), linux38)).toBe(false);
  });
  it("repairs a python_full_version ending in +", () => {
    expect(evaluateMarker(m('python_full_version >= "3.8"'), { ...linux38, python_full_version: "3.8.10+" })).toBe(true);
  });
});
