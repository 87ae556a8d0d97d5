/**
 * Helm templates read as text, without helm: the actions stripped so that the YAML around them
 * parses, and the `.Values` paths they reference.
 */

const COMMENT = /\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g;
const ACTION = /\{\{-?([\s\S]*?)-?\}\}/g;
const ONLY_ACTIONS = /^\s*(?:\{\{-?[\s\S]*?-?\}\}\s*)+$/;

/** An action as a plain YAML scalar: `{{ include "x" . | quote }}` -> `«include x . quote»`. */
export function placeholder(action: string): string {
  return `«${action.replace(/[^A-Za-z0-9_.$]+/g, " ").trim()}»`;
}

/**
 * A template made YAML: comments removed, lines holding nothing but actions (if, end, include
 * ... | nindent, toYaml ...) removed, every other action replaced by its placeholder. Both
 * branches of an if/else stay, so parse the result with duplicate keys allowed.
 */
export function stripGoTemplate(text: string): string {
  return text
    .replace(COMMENT, "")
    .split("\n")
    .filter((line) => !ONLY_ACTIONS.test(line))
    .map((line) => line.replace(ACTION, (_all, action: string) => placeholder(action)))
    .join("\n");
}

/** The `.Values.a.b.c` paths a template references, each as its keys (`["a", "b", "c"]`). */
export function valuesReferences(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9_)])\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
    out.push(m[1].slice(1).split("."));
  }
  return out;
}

/** Whether `keys` is a path of mappings in `values` (a key set to null counts as present). */
export function hasPath(values: unknown, keys: readonly string[]): boolean {
  let node: unknown = values;
  for (const key of keys) {
    if (typeof node !== "object" || node === null || Array.isArray(node) || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** The bodies of the `{{ define "name" }}` blocks of a helpers file, by name. */
export function defines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let open: { readonly name: string; readonly from: number } | null = null;
  for (const m of text.replace(COMMENT, (c) => " ".repeat(c.length)).matchAll(ACTION)) {
    const words = m[1].trim().split(/\s+/);
    if (["define", "if", "with", "range", "block"].includes(words[0])) {
      if (depth === 0 && words[0] === "define") open = { name: JSON.parse(words[1]) as string, from: m.index + m[0].length };
      depth += 1;
    } else if (words[0] === "end") {
      depth -= 1;
      if (depth === 0 && open !== null) {
        out.set(open.name, text.slice(open.from, m.index));
        open = null;
      }
    }
  }
  return out;
}

/** Why the blocks of a template do not nest (an `end` too many, an `else` outside a block, a block left open), or null. */
export function blockProblem(text: string): string | null {
  let depth = 0;
  for (const m of text.replace(COMMENT, (c) => " ".repeat(c.length)).matchAll(ACTION)) {
    const word = m[1].trim().split(/\s+/)[0];
    const line = text.slice(0, m.index).split("\n").length;
    if (["define", "if", "with", "range", "block"].includes(word)) depth += 1;
    else if (word === "end") {
      depth -= 1;
      if (depth < 0) return `line ${line}: end without a block`;
    } else if (word === "else" && depth === 0) return `line ${line}: else outside a block`;
  }
  return depth === 0 ? null : `${depth} block(s) left open`;
}
