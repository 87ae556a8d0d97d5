/**
 * A JSON Schema validator for the subset docs/schema/ uses: type (one or a list), const, enum,
 * properties, required, additionalProperties (false or a schema), items, minimum, oneOf, and $ref
 * to "#/$defs/<name>". Any other keyword is refused, so a schema cannot silently ask for more than
 * is checked.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

const KNOWN = new Set(["$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "properties", "required", "additionalProperties", "items", "minimum", "oneOf"]);

/** Every place `value` breaks `schema`, as "path: reason" (empty: valid). */
export function validate(schema: JsonSchema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, schema, value, "$", errors);
  return errors;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const fits = (actual: string, wanted: string) => actual === wanted || (wanted === "number" && actual === "integer");

function check(root: JsonSchema, schema: JsonSchema, value: unknown, path: string, errors: string[]): void {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema at ${path}: keyword ${JSON.stringify(k)} is not supported by this validator`);
  if (typeof schema.$ref === "string") {
    const m = /^#\/\$defs\/([\w-]+)$/.exec(schema.$ref);
    const target = m === null ? undefined : (root.$defs as Record<string, JsonSchema> | undefined)?.[m[1]];
    if (target === undefined) throw new Error(`schema at ${path}: cannot resolve $ref ${schema.$ref}`);
    check(root, target, value, path, errors);
  }
  if (schema.type !== undefined) {
    const wanted = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!wanted.some((t) => fits(typeOf(value), t))) {
      errors.push(`${path}: expected ${wanted.join(" or ")}, got ${typeOf(value)}`);
      return;
    }
  }
  if ("const" in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${path}: expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`);
  }
  if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) errors.push(`${path}: ${value} is below the minimum ${schema.minimum}`);
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as JsonSchema[]).filter((s) => {
      const sub: string[] = [];
      check(root, s, value, path, sub);
      return sub.length === 0;
    }).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the ${schema.oneOf.length} alternatives of oneOf, expected exactly 1`);
  }
  if (typeOf(value) === "object") checkObject(root, schema, value as Record<string, unknown>, path, errors);
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => check(root, schema.items as JsonSchema, v, `${path}[${i}]`, errors));
}

function checkObject(root: JsonSchema, schema: JsonSchema, value: Record<string, unknown>, path: string, errors: string[]): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const r of (schema.required ?? []) as string[]) if (!(r in value)) errors.push(`${path}: missing required property ${JSON.stringify(r)}`);
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}.${k}`;
    if (k in properties) check(root, properties[k], v, at, errors);
    else if (schema.additionalProperties === false) errors.push(`${at}: not allowed (additionalProperties is false)`);
    else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) check(root, schema.additionalProperties as JsonSchema, v, at, errors);
  }
}
