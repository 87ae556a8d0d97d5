import { type CompiledGraph, Exclusion, EXCLUSION_TEXT, ROOT, versionCount } from "../graph/compiled-graph.js";
import type { Incompatibility } from "./incompatibility.js";
import type { Term } from "./term.js";
import { isAllVersions, versionSetText } from "./version-set-text.js";

/**
 * The human explanation of a failed resolution, from the derivation of the root's incompatibility,
 * following PubGrub's failure report (Dart pub's FailureWriter): one sentence per derived
 * incompatibility, "Because X and Y, Z.", chained with "And because"; incompatibilities used more
 * than once get a line number "(n)" and are referred to by it.
 */
export function explain(g: CompiledGraph, failure: Incompatibility): string {
  // Resolving against {not root} adds nothing a reader needs ("the root is required").
  let root = failure;
  while (root.cause.kind === "derived" && (root.cause.left.cause.kind === "root" || root.cause.right.cause.kind === "root")) {
    root = root.cause.left.cause.kind === "root" ? root.cause.right : root.cause.left;
  }
  const mergedDependency = mergedDependencies();
  // A chain that only joins consecutive ranges of one dependency (a>=1,<2 depends on b>=1 and
  // a>=2 depends on b>=2, so a>=1 depends on b>=1) reads as the one fact it derives.
  const derived = (inc: Incompatibility) => inc.cause.kind === "derived" && mergedDependency(inc) === null;
  const derivations = new Map<Incompatibility, number>();
  const count = (inc: Incompatibility): void => {
    const seen = derivations.get(inc);
    derivations.set(inc, (seen ?? 0) + 1);
    if (seen === undefined && inc.cause.kind === "derived" && derived(inc)) {
      count(inc.cause.left);
      count(inc.cause.right);
    }
  };
  count(root);
  const lines: { text: string; number: number | null }[] = [];
  const lineNumbers = new Map<Incompatibility, number>();
  const text = (inc: Incompatibility) => incompatibilityText(g, inc);
  const write = (inc: Incompatibility, message: string, numbered: boolean) => {
    if (numbered) {
      const n = lineNumbers.size + 1;
      lineNumbers.set(inc, n);
      lines.push({ text: message, number: n });
    } else {
      lines.push({ text: message, number: null });
    }
  };
  const ref = (inc: Incompatibility) => {
    const n = lineNumbers.get(inc);
    return n === undefined ? text(inc) : `${text(inc)} (${n})`;
  };
  const isCollapsible = (inc: Incompatibility): boolean => {
    if ((derivations.get(inc) ?? 0) > 1 || inc.cause.kind !== "derived") return false;
    const { left, right } = inc.cause;
    if (derived(left) === derived(right)) return false;
    return !lineNumbers.has(derived(left) ? left : right);
  };
  const isSingleLine = (inc: Incompatibility) => inc.cause.kind === "derived" && derived(inc) && !derived(inc.cause.left) && !derived(inc.cause.right);
  const visit = (inc: Incompatibility, conclusion = false): void => {
    if (inc.cause.kind !== "derived" || !derived(inc)) return;
    const numbered = conclusion || (derivations.get(inc) ?? 0) > 1;
    const conjunction = numbered ? "So, because" : "And because";
    const own = text(inc);
    const { left, right } = inc.cause;
    if (derived(left) && derived(right)) {
      const ll = lineNumbers.get(left);
      const rl = lineNumbers.get(right);
      if (ll !== undefined && rl !== undefined) {
        write(inc, `Because ${ref(left)} and ${ref(right)}, ${own}.`, numbered);
      } else if (ll !== undefined || rl !== undefined) {
        const [withLine, without] = ll !== undefined ? [left, right] : [right, left];
        visit(without);
        write(inc, `${conjunction} ${ref(withLine)}, ${own}.`, numbered);
      } else {
        const singleLeft = isSingleLine(left);
        const singleRight = isSingleLine(right);
        if (singleLeft || singleRight) {
          const [first, second] = singleRight ? [left, right] : [right, left];
          visit(first);
          visit(second);
          write(inc, `Thus, ${own}.`, numbered);
        } else {
          visit(left, true);
          lines.push({ text: "", number: null });
          visit(right);
          write(inc, `${conjunction} ${ref(left)}, ${own}.`, numbered);
        }
      }
    } else if (derived(left) || derived(right)) {
      const [d, ext] = derived(left) ? [left, right] : [right, left];
      if (lineNumbers.has(d)) {
        write(inc, `Because ${text(ext)} and ${ref(d)}, ${own}.`, numbered);
      } else if (isCollapsible(d) && d.cause.kind === "derived") {
        const dl = d.cause.left;
        const dr = d.cause.right;
        const [inner, innerExt] = derived(dl) ? [dl, dr] : [dr, dl];
        visit(inner);
        write(inc, `${conjunction} ${text(innerExt)} and ${text(ext)}, ${own}.`, numbered);
      } else {
        visit(d);
        write(inc, `${conjunction} ${text(ext)}, ${own}.`, numbered);
      }
    } else {
      // Dependencies read first: "a depends on b>=3 and no version of b satisfies b>=3".
      // A chain reads in order: "a depends on b and b==1.0 depends on c".
      const [l, r] = [dependencyOf(left), dependencyOf(right)];
      const swap = (r !== null && l === null) || (r !== null && l !== null && r.target === l.pkg);
      const [first, second] = swap ? [right, left] : [left, right];
      write(inc, `Because ${text(first)} and ${text(second)}, ${own}.`, numbered);
    }
  };
  const dependencyOf = (inc: Incompatibility) => (inc.cause.kind === "dependency" ? inc.cause : mergedDependency(inc));
  if (derived(root)) visit(root);
  else write(root, `Because ${text(root)}, we can conclude that your requirements are unsatisfiable.`, false);
  const numbered = lines.some((l) => l.number !== null);
  const width = numbered ? String(lineNumbers.size).length + 3 : 0;
  const body = lines.map((l) => {
    if (!numbered || l.text === "") return l.text;
    const label = l.number === null ? "" : `(${l.number})`;
    return `${label.padEnd(width)}${l.text}`;
  });
  return [...body, ...explanationHints(g, failure)].join("\n");
}

/**
 * Per incompatibility (memoized): the dependency (package and target) when it is derived only from
 * dependencies of one package on one target and says "P in S depends on T in U"; else null.
 */
function mergedDependencies(): (inc: Incompatibility) => { readonly pkg: number; readonly target: number } | null {
  const memo = new Map<Incompatibility, { pkg: number; target: number } | null>();
  const leafOf = (inc: Incompatibility): { pkg: number; target: number } | null => {
    const c = inc.cause;
    if (c.kind === "dependency") return c.pkg === ROOT ? null : { pkg: c.pkg, target: c.target };
    if (c.kind !== "derived") return null;
    const known = memo.get(inc);
    if (known !== undefined) return known;
    const l = leafOf(c.left);
    const r = leafOf(c.right);
    const same = l !== null && r !== null && l.pkg === r.pkg && l.target === r.target ? l : null;
    const shaped = same !== null && inc.terms.length === 2
      && inc.terms.some((t) => t.pkg === same.pkg && t.positive) && inc.terms.some((t) => t.pkg === same.target && !t.positive);
    const result = shaped ? same : null;
    memo.set(inc, result);
    return result;
  };
  return (inc) => (inc.cause.kind === "derived" ? leafOf(inc) : null);
}

/** One incompatibility as a clause ("a==2.0 depends on b>=3", "b==3.0 requires a different Python"). */
export function incompatibilityText(g: CompiledGraph, inc: Incompatibility): string {
  const c = inc.cause;
  const terms = inc.terms;
  if (terms.length === 0 || (terms.length === 1 && terms[0].pkg === ROOT && terms[0].positive)) {
    if (c.kind === "dependency" && c.pkg === ROOT) return `you require ${c.spec ?? g.names[c.target]}`;
    return "we can conclude that your requirements are unsatisfiable";
  }
  switch (c.kind) {
    case "root":
      return "the root is required";
    case "dependency": {
      const from = terms[0];
      const to = terms.find((t) => t.pkg === c.target && !t.positive);
      const object = c.spec ?? (to ? versionSetText(g, to.pkg, to.set, true) : g.names[c.target]);
      if (c.pkg === ROOT) return `you require ${object}`;
      return `${versionSetText(g, from.pkg, from.set)} ${isAllVersions(g, from.pkg, from.set) ? "depend" : "depends"} on ${object}`;
    }
    case "excluded": {
      const t = terms[0];
      const plural = isAllVersions(g, t.pkg, t.set) || versionSetText(g, t.pkg, t.set).includes(" or ");
      if (c.reason === Exclusion.RequiresPython) return `${versionSetText(g, t.pkg, t.set)} ${requiresPythonPhrase(g, t.pkg, t.set, plural)}`;
      return `${versionSetText(g, t.pkg, t.set)} ${exclusionPhrase(c.reason, plural)}`;
    }
    case "no-versions": {
      const t = terms[0];
      if (versionCount(g, t.pkg) === 0) return `there is no version of ${g.names[t.pkg]}`;
      if (c.spec !== null) return `no version of ${g.names[t.pkg]} satisfies ${c.spec}`;
      return `the version preference accepts no version of ${versionSetText(g, t.pkg, t.set, true)}`;
    }
    case "derived":
      return termsText(g, terms);
  }
}

function termsText(g: CompiledGraph, terms: readonly Term[]): string {
  const root = terms.some((t) => t.pkg === ROOT && t.positive);
  const pos = terms.filter((t) => t.positive && t.pkg !== ROOT);
  const neg = terms.filter((t) => !t.positive);
  const subject = (t: Term) => versionSetText(g, t.pkg, t.set);
  const object = (t: Term) => versionSetText(g, t.pkg, t.set, true);
  const negText = neg.map(object).join(" or ");
  if (pos.length === 0) {
    if (root) return `you require ${negText}`;
    return neg.length === 1 ? `${negText} is required` : `one of ${negText} is required`;
  }
  if (neg.length === 0) {
    if (pos.length === 1) return `${subject(pos[0])} cannot be used`;
    if (pos.length === 2) {
      const plural = isAllVersions(g, pos[0].pkg, pos[0].set);
      return `${subject(pos[0])} ${plural ? "are" : "is"} incompatible with ${object(pos[1])}`;
    }
    return `${pos.slice(0, -1).map(subject).join(", ")} and ${subject(pos[pos.length - 1])} are incompatible`;
  }
  if (pos.length === 1) {
    const plural = isAllVersions(g, pos[0].pkg, pos[0].set);
    return `${subject(pos[0])} ${plural ? "depend" : "depends"} on ${negText}`;
  }
  return `if ${pos.map(subject).join(" and ")} then ${negText}`;
}

function exclusionPhrase(reason: number, plural: boolean): string {
  const text = EXCLUSION_TEXT[reason] ?? `excluded (${reason})`;
  if (text.startsWith("requires ")) return plural ? `require ${text.slice(9)}` : text;
  if (text.startsWith("has ")) return plural ? `have ${text.slice(4)}` : text;
  return `${plural ? "are" : "is"} ${text}`;
}

/** The Python version the graph was compiled for, as the user would write it ("3.7", "3.8.5"). */
function targetPython(g: CompiledGraph): string | null {
  const python = g.meta.python;
  return typeof python === "string" ? python.replace(/^(\d+\.\d+)\.0$/, "$1") : null;
}

/** The Requires-Python of the versions in `set` (null when one is unknown); at most three distinct ones. */
function requiresPythonOf(g: CompiledGraph, p: number, set: Uint32Array): string[] | null {
  const table = (g.meta.requires_python_excluded as Record<string, Record<string, string>> | undefined)?.[g.names[p].replace(/\[.*\]$/, "")];
  if (table === undefined) return null;
  const specs = new Set<string>();
  for (let i = 0, n = versionCount(g, p); i < n; i++) {
    if ((set[i >>> 5] & (1 << (i & 31))) === 0) continue;
    const spec = table[g.versions[g.versionStart[p] + i]];
    if (spec === undefined) return null;
    specs.add(spec.trim());
  }
  return specs.size > 0 && specs.size <= 3 ? [...specs] : null;
}

/** "requires Python >=3.8 (the target is 3.7)", or "requires a different Python (...)" when the specifier is not known. */
function requiresPythonPhrase(g: CompiledGraph, p: number, set: Uint32Array, plural: boolean): string {
  const specs = requiresPythonOf(g, p, set);
  const target = targetPython(g);
  const verb = plural ? "require" : "requires";
  const what = specs === null ? "a different Python" : `Python ${specs.join(" or ")}`;
  return `${verb} ${what}${target === null ? "" : ` (the target is ${target})`}`;
}

/**
 * `hint:` lines for the exclusions a derivation rests on that a flag or a requirement can lift: a
 * different Python (--python), prereleases (--prereleases allow, or naming one), yanked versions
 * (pinning with ==). One line per package and reason.
 */
export function explanationHints(g: CompiledGraph, root: Incompatibility): string[] {
  const hints = new Map<string, string>();
  const seen = new Set<Incompatibility>();
  const walk = (inc: Incompatibility): void => {
    if (seen.has(inc)) return;
    seen.add(inc);
    const c = inc.cause;
    if (c.kind === "derived") {
      walk(c.left);
      walk(c.right);
      return;
    }
    if (c.kind !== "excluded" || inc.terms.length !== 1) return;
    const t = inc.terms[0];
    const key = `${t.pkg}:${c.reason}`;
    if (hints.has(key)) return;
    const hint = exclusionHint(g, t.pkg, t.set, c.reason);
    if (hint !== null) hints.set(key, `hint: ${hint}`);
  };
  walk(root);
  return [...hints.values()];
}

function exclusionHint(g: CompiledGraph, p: number, set: Uint32Array, reason: number): string | null {
  const versions: string[] = [];
  for (let i = 0, n = versionCount(g, p); i < n; i++) if ((set[i >>> 5] & (1 << (i & 31))) !== 0) versions.push(g.versions[g.versionStart[p] + i]);
  if (versions.length === 0) return null;
  const name = g.names[p];
  const subject = versionSetText(g, p, set);
  switch (reason) {
    case Exclusion.RequiresPython: {
      const specs = requiresPythonOf(g, p, set);
      const lowest = specs?.map((s) => /^>=\s*(\d+\.\d+)/.exec(s)?.[1]).filter((v): v is string => v !== undefined).sort(compareDotted)[0];
      const target = targetPython(g);
      const needs = specs === null ? "another Python" : `Python ${specs.join(" or ")}`;
      const plural = isAllVersions(g, p, set) || subject.includes(" or ");
      return `${subject} ${plural ? "need" : "needs"} ${needs}${target === null ? "" : ` (the target is ${target})`}: `
        + (lowest === undefined ? `pass --python with a version ${plural ? "they support" : "it supports"} to consider ${plural ? "them" : "it"}` : `pass --python ${lowest} or newer to consider ${plural ? "them" : "it"}`);
    }
    case Exclusion.Prerelease:
      return `${subject} ${versions.length > 1 ? "are prereleases" : "is a prerelease"}: pass --prereleases allow, or name one in a requirement (${name}>=${versions[versions.length - 1]}), to consider ${versions.length > 1 ? "them" : "it"}`;
    case Exclusion.Yanked:
      return `${subject} ${versions.length > 1 ? "are" : "is"} yanked: a yanked version is used only when a requirement pins it (${name}==${versions[0]})`;
    default:
      return null;
  }
}

const compareDotted = (a: string, b: string) => {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  return x[0] - y[0] || x[1] - y[1];
};
