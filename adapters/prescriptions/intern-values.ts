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

/**
 * An object's key names its children by the ids of their interned instances (`#12`), strings
 * (values and property names) by their ids (`s3`), other primitives by their text (`1`, `true`,
 * `null`): a key is as long as the object has fields, whatever its subtree or its strings, so
 * interning a tree costs time linear in its size.
 */
export function createInterner(): Interner {
  const table = new Map<string, object>();
  // A Map, not a WeakMap: the table keeps every instance alive anyway, and half a million WeakMap
  // entries cost the garbage collector seconds (ephemerons).
  const ids = new Map<object, number>();
  // Strings get ids too (`s12`), so that keys stay short whatever the messages' length: hashing a
  // key is then cheap, and each string is hashed once, where it is met.
  const stringIds = new Map<string, number>();
  const stringKey = (s: string): string => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = stringIds.size));
    return `s${id}`;
  };
  const keyOf = (value: unknown): [unknown, string] => {
    if (typeof value === "string") return [value, stringKey(value)];
    if (value === null || typeof value !== "object") return [value, value === undefined ? "u" : String(value)];
    const shared = internObject(value);
    return [shared, `#${ids.get(shared) as number}`];
  };
  const internObject = (value: object): object => {
    if (ids.has(value)) return value;
    let key: string;
    let fresh: object;
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      const parts: string[] = [];
      for (const item of value) {
        const [v, k] = keyOf(item);
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
        const [v, k] = keyOf(item);
        out[name] = v;
        parts.push(`${stringKey(name)}:${k}`);
      }
      key = `{${parts.join(",")}}`;
      fresh = out;
    }
    const existing = table.get(key);
    if (existing !== undefined) return existing;
    Object.freeze(fresh);
    ids.set(fresh, table.size);
    table.set(key, fresh);
    return fresh;
  };
  return {
    intern: <T>(value: T): T => keyOf(value)[0] as T,
    get size() {
      return table.size;
    },
  };
}
