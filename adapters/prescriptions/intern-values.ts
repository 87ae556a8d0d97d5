/**
 * Hash-consing of plain JSON-like values: structurally equal objects and arrays become one shared,
 * frozen instance. Prescription units repeat the same `should_include`, stack info and metadata
 * thousands of times; sharing them shrinks memory and the compiled cache (v8 serialization keeps
 * shared references), which is what makes a warm load fast.
 */
export interface Interner {
  intern<T>(value: T): T;
  /** Distinct objects and arrays kept. */
  readonly size: number;
}

export function createInterner(): Interner {
  const table = new Map<string, object>();
  const keys = new WeakMap<object, string>();
  const visit = (value: unknown): [unknown, string] => {
    if (value === null || typeof value !== "object") {
      return [value, value === undefined ? "u" : JSON.stringify(value)];
    }
    const known = keys.get(value);
    if (known !== undefined) return [value, known];
    let key: string;
    let fresh: object;
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      const parts: string[] = [];
      for (const item of value) {
        const [v, k] = visit(item);
        items.push(v);
        parts.push(k);
      }
      key = `[${parts.join(",")}]`;
      fresh = items;
    } else {
      const out: Record<string, unknown> = {};
      const parts: string[] = [];
      for (const [name, item] of Object.entries(value)) {
        if (item === undefined) continue;
        const [v, k] = visit(item);
        out[name] = v;
        parts.push(`${JSON.stringify(name)}:${k}`);
      }
      key = `{${parts.join(",")}}`;
      fresh = out;
    }
    const existing = table.get(key);
    if (existing !== undefined) return [existing, key];
    Object.freeze(fresh);
    table.set(key, fresh);
    keys.set(fresh, key);
    return [fresh, key];
  };
  return {
    intern: <T>(value: T): T => visit(value)[0] as T,
    get size() {
      return table.size;
    },
  };
}
