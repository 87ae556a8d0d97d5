import type { Justification } from "../../../core/justification/index.js";

/** One line of a justification list as the text report shows it. */
export interface JustificationLine {
  readonly type: Justification["type"];
  /** Null for a line about the whole stack. */
  readonly packages: readonly string[] | null;
  readonly message: string;
  readonly link?: string;
  /** For the advisories of one version: their ids, in order (the message is then `<name>==<version>`). */
  readonly advisories?: readonly string[];
}

/** How core/pipeline's advisory units word an affected version: `<name>==<version> is affected by <id> ...`. */
const AFFECTED = /^(\S+==\S+) is affected by (\S+)/;

const keyOf = (j: Justification) => JSON.stringify([j.type, j.package_name ?? "", j.message, j.link ?? ""]);

/** The justifications once each, in order: the same entry again (e.g. in stack info and in #1's list) is left out. */
export function withoutRepeats(list: readonly Justification[], seen = new Set<string>()): Justification[] {
  const out: Justification[] = [];
  for (const j of list) {
    const key = keyOf(j);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(j);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A summary: lines about the whole stack as they are; per-package errors and warnings grouped by
 * message (the package's name taken out), one line per message naming the packages; per-package
 * information counted, not listed; the advisories of one version on one line with their ids. `hidden` is the number of entries the summary does not show.
 */
export function summarizeJustifications(list: readonly Justification[]): { readonly lines: readonly JustificationLine[]; readonly hidden: number } {
  const lines: JustificationLine[] = [];
  const groups = new Map<string, { type: Justification["type"]; message: string; packages: string[]; link?: string }>();
  const advisories = new Map<string, { type: Justification["type"]; pin: string; name: string; ids: string[] }>();
  let hidden = 0;
  for (const j of list) {
    if (j.package_name === undefined) {
      lines.push({ type: j.type, packages: null, message: j.message, ...(j.link === undefined ? {} : { link: j.link }) });
      continue;
    }
    if (j.type === "INFO") {
      hidden += 1;
      continue;
    }
    const affected = AFFECTED.exec(j.message);
    if (affected !== null) {
      const key = `${j.type}\n${j.package_name}\n${affected[1]}`;
      const ids = advisories.get(key);
      if (ids === undefined) advisories.set(key, { type: j.type, pin: affected[1], name: j.package_name, ids: [affected[2]] });
      else ids.ids.push(affected[2]);
      continue;
    }
    const message = j.message.replace(new RegExp(`(?<![\\w.-])${escape(j.package_name)}(?![\\w-])`, "g"), "<package>");
    const key = `${j.type}\n${message}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { type: j.type, message, packages: [j.package_name], ...(j.link === undefined ? {} : { link: j.link }) });
    else {
      group.packages.push(j.package_name);
      if (group.link !== j.link) delete group.link;
    }
  }
  for (const a of advisories.values()) {
    if (a.ids.length === 1) lines.push({ type: a.type, packages: [a.name], message: `${a.pin} is affected by ${a.ids[0]}` });
    else lines.push({ type: a.type, packages: [a.name], message: a.pin, advisories: a.ids });
  }
  for (const g of groups.values()) {
    const single = g.packages.length === 1;
    lines.push({ type: g.type, packages: g.packages, message: single ? g.message.replaceAll("<package>", g.packages[0]) : g.message, ...(g.link === undefined ? {} : { link: g.link }) });
  }
  const rank = { ERROR: 0, WARNING: 1, INFO: 2 } as const;
  lines.sort((a, b) => rank[a.type] - rank[b.type] || Number(a.packages !== null) - Number(b.packages !== null) || (b.packages?.length ?? 0) - (a.packages?.length ?? 0));
  return { lines, hidden };
}
