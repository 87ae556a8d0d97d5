import { type CompiledGraph, EXCLUSION_TEXT, ROOT, versionCount } from "../graph/compiled-graph.js";
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
  const derivations = new Map<Incompatibility, number>();
  const count = (inc: Incompatibility): void => {
    const seen = derivations.get(inc);
    derivations.set(inc, (seen ?? 0) + 1);
    if (seen === undefined && inc.cause.kind === "derived") {
      count(inc.cause.left);
      count(inc.cause.right);
    }
  };
  count(root);
  const lines: { text: string; number: number | null }[] = [];
  const lineNumbers = new Map<Incompatibility, number>();
  const text = (inc: Incompatibility) => incompatibilityText(g, inc);
  const derived = (inc: Incompatibility) => inc.cause.kind === "derived";
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
  const visit = (inc: Incompatibility, conclusion = false): void => {
    if (inc.cause.kind !== "derived") return;
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
      const swap =
        (right.cause.kind === "dependency" && left.cause.kind !== "dependency") ||
        (right.cause.kind === "dependency" && left.cause.kind === "dependency" && right.cause.target === left.cause.pkg);
      const [first, second] = swap ? [right, left] : [left, right];
      write(inc, `Because ${text(first)} and ${text(second)}, ${own}.`, numbered);
    }
  };
  if (root.cause.kind === "derived") visit(root);
  else write(root, `Because ${text(root)}, we can conclude that your requirements are unsatisfiable.`, false);
  const numbered = lines.some((l) => l.number !== null);
  const width = numbered ? String(lineNumbers.size).length + 3 : 0;
  return lines
    .map((l) => {
      if (!numbered || l.text === "") return l.text;
      const label = l.number === null ? "" : `(${l.number})`;
      return `${label.padEnd(width)}${l.text}`;
    })
    .join("\n");
}

function isSingleLine(inc: Incompatibility): boolean {
  return inc.cause.kind === "derived" && inc.cause.left.cause.kind !== "derived" && inc.cause.right.cause.kind !== "derived";
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
