import { describe, expect, it } from "vitest";
import { validate, type JsonSchema } from "./json-schema.js";

const schema: JsonSchema = {
  $defs: { version: { type: "string" } },
  type: "object",
  required: ["schema", "n", "items"],
  additionalProperties: false,
  properties: {
    schema: { const: "maat.test/1" },
    n: { type: "integer", minimum: 0 },
    ratio: { type: ["number", "null"] },
    kind: { enum: ["a", "b"] },
    items: { type: "array", items: { $ref: "#/$defs/version" } },
    map: { type: "object", additionalProperties: { type: "boolean" } },
    either: { oneOf: [{ type: "object", required: ["a"], properties: { a: { const: 1 } } }, { type: "object", required: ["b"], properties: { b: { const: 2 } } }] },
  },
};

describe("the JSON Schema subset validator", () => {
  it("accepts a valid document", () => {
    expect(validate(schema, { schema: "maat.test/1", n: 3, ratio: null, kind: "a", items: ["1.0"], map: { x: true }, either: { b: 2 } })).toEqual([]);
    expect(validate(schema, { schema: "maat.test/1", n: 0, ratio: 0.5, items: [] })).toEqual([]);
  });

  it("names every violation with its path", () => {
    expect(validate(schema, { schema: "maat.test/2", n: -1.5, kind: "c", items: ["1", 2], map: { x: 1 }, extra: 0, either: { a: 1, b: 2 } })).toEqual([
      '$.schema: expected "maat.test/1", got "maat.test/2"',
      "$.n: expected integer, got number",
      '$.kind: expected one of "a", "b", got "c"',
      "$.items[1]: expected string, got integer",
      "$.map.x: expected boolean, got integer",
      "$.extra: not allowed (additionalProperties is false)",
      "$.either: matches 2 of the 2 alternatives of oneOf, expected exactly 1",
    ]);
    expect(validate(schema, { schema: "maat.test/1", n: -1 })).toEqual(['$: missing required property "items"', "$.n: -1 is below the minimum 0"]);
    expect(validate(schema, [])).toEqual(["$: expected object, got array"]);
  });

  it("refuses keywords it does not check, and unresolvable references", () => {
    expect(() => validate({ type: "string", pattern: "^a" }, "a")).toThrow(/keyword "pattern" is not supported/);
    expect(() => validate({ $ref: "#/$defs/none" }, 1)).toThrow(/cannot resolve/);
  });
});
