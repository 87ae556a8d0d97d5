import type { Justification } from "../../../core/justification/index.js";
import type { AuditedAdvisory, AuditedPackage, PackageUpdate, PrescriptionFlag, UpdateScales } from "../../../core/update/index.js";

type Pins = Readonly<Record<string, string>>;

/** What `maat update` found: the lock's audit and the two updates (null: no stack satisfies the request). */
export interface UpdateReport {
  readonly lock: string;
  readonly audit: readonly AuditedPackage[];
  /** Whether prescriptions were given (the audit lists their flags). */
  readonly prescriptions: boolean;
  readonly smallest: { readonly packages: Pins; readonly updates: readonly PackageUpdate[]; readonly remaining: readonly AuditedPackage[] } | null;
  readonly full: { readonly packages: Pins; readonly updates: readonly PackageUpdate[] } | null;
  readonly only: readonly string[];
  readonly scales: UpdateScales;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const advisoryLink = (a: AuditedAdvisory) => `[${a.id}](${a.link})${a.aliases.length > 0 ? ` (${a.aliases.join(", ")})` : ""}`;

const flagLink = (f: PrescriptionFlag) => (f.link === null ? f.unit : `[${f.unit}](${f.link})`);

function why(u: PackageUpdate, full: boolean): string {
  const reasons: string[] = [];
  if (u.fixes.length > 0) reasons.push(`fixes ${u.fixes.map(advisoryLink).join(", ")}`);
  if (u.prescriptionsFixed.length > 0) reasons.push(`no longer flagged by ${u.prescriptionsFixed.map(flagLink).join(", ")}`);
  if (reasons.length > 0) return reasons.join("; ");
  if (u.old === null) return "newly required";
  if (u.new === null) return "no longer required";
  return full ? "advised (higher score)" : "required by the update";
}

/** A score delta as the table prints it: signed, 3 decimals; "n/a" when a unit removes the old or new version. */
export const deltaText = (d: number | null): string => (d === null ? "n/a" : `${d > 0 ? "+" : d < 0 ? "-" : ""}${Math.abs(d).toFixed(3)}`);

/** The links that justify a move: the prescriptions it leaves behind, then what the pipeline says about the new version. */
function justificationLinks(u: PackageUpdate): string {
  const links = new Map<string, string>();
  for (const f of u.prescriptionsFixed) if (f.link !== null) links.set(f.link, f.unit);
  for (const j of u.justifications) if (j.link !== undefined && !links.has(j.link)) links.set(j.link, j.link.replace(/\/+$/, "").split("/").pop() ?? j.link);
  const shown = [...links].slice(0, 3).map(([link, label]) => `[${label}](${link})`);
  return shown.length === 0 ? "-" : shown.join(", ") + (links.size > 3 ? ` and ${links.size - 3} more` : "");
}

function updateTable(updates: readonly PackageUpdate[], full: boolean): string[] {
  const rows = ["| package | old | new | dev | why | score delta | justification |", "| --- | --- | --- | --- | --- | --- | --- |"];
  for (const u of updates) {
    rows.push(`| ${cell(u.package)} | ${u.old ?? "-"} | ${u.new ?? "-"} | ${u.dev ? "yes" : "no"} | ${cell(why(u, full))} | ${deltaText(u.scoreDelta)} | ${cell(justificationLinks(u))} |`);
  }
  return rows;
}

/** The report as Markdown, for a pull request's description. */
export function updateMarkdown(r: UpdateReport): string {
  const out: string[] = [`## maat update: ${r.lock}`, ""];
  const flagged = r.audit.filter((p) => p.advisories.length > 0);
  const count = flagged.reduce((n, p) => n + p.advisories.length, 0);
  const prescribed = r.audit.filter((p) => p.prescriptions.length > 0);
  const flags = prescribed.reduce((n, p) => n + p.prescriptions.length, 0);
  const flagText = r.prescriptions ? `; ${flags} prescription flag${flags === 1 ? "" : "s"} on ${prescribed.length} of them` : "";
  out.push(`Audit: ${count} advisor${count === 1 ? "y" : "ies"} in ${flagged.length} of ${r.audit.length} locked packages${flagText}${r.only.length > 0 ? `; updating only ${r.only.join(", ")}` : ""}.`, "");
  // A pull request's body holds 65,536 characters on GitHub: the audit folds away, wraps' warnings are counted per package.
  if (flagged.length > 0) {
    out.push(`<details><summary>Advisories of the lock (${count})</summary>`, "", "| package | locked | advisory | fixed in |", "| --- | --- | --- | --- |");
    for (const p of flagged) for (const a of p.advisories) out.push(`| ${cell(p.package)} | ${p.version} | ${cell(advisoryLink(a))} | ${a.fixed.join(", ") || "-"} |`);
    out.push("", "</details>", "");
  }
  if (prescribed.length > 0) {
    out.push(`<details><summary>Prescriptions that flag the lock (${flags})</summary>`, "", "| package | locked | prescription | effect | message |", "| --- | --- | --- | --- | --- |");
    for (const p of prescribed) {
      const wraps = p.prescriptions.filter((f) => f.kind === "wrap");
      for (const f of p.prescriptions.filter((x) => x.kind !== "wrap")) {
        const effect = f.score === null ? f.effect : `${f.effect} (${f.score})`;
        out.push(`| ${cell(p.package)} | ${p.version} | ${cell(flagLink(f))} | ${effect} | ${cell(f.message)} |`);
      }
      if (wraps.length === 1) out.push(`| ${cell(p.package)} | ${p.version} | ${cell(flagLink(wraps[0]!))} | warns | ${cell(wraps[0]!.message)} |`);
      else if (wraps.length > 1) {
        const more = wraps.length > 2 ? `; and ${wraps.length - 2} more (--format json lists them)` : "";
        out.push(`| ${cell(p.package)} | ${p.version} | ${wraps.length} wraps | warns | ${cell(wraps.slice(0, 2).map((f) => `${flagLink(f)}: ${f.message}`).join("; ") + more)} |`);
      }
    }
    out.push("", "</details>", "");
  }
  if (r.smallest === null) out.push("### Smallest safe update", "", "No stack satisfies the request (see stderr).", "");
  else {
    out.push(`### Smallest safe update (${r.smallest.updates.length} package${r.smallest.updates.length === 1 ? "" : "s"})`, "");
    if (r.smallest.updates.length === 0) out.push("Nothing to change: no locked package has to move.", "");
    else out.push(...updateTable(r.smallest.updates, false), "");
    if (r.smallest.remaining.length > 0) {
      out.push(`No stack${r.only.length > 0 ? ` that changes only ${r.only.join(", ")}` : ""} is free of advisories: the least-exposed stack above still has`);
      for (const p of r.smallest.remaining) {
        const more = p.advisories.length > 5 ? ` and ${p.advisories.length - 5} more` : "";
        out.push(`- ${p.package} ${p.version}: ${p.advisories.slice(0, 5).map(advisoryLink).join(", ")}${more}`);
      }
      out.push("");
    }
  }
  if (r.full !== null) {
    out.push(`### Full update to the advised stack (${r.full.updates.length} package${r.full.updates.length === 1 ? "" : "s"})`, "");
    if (r.full.updates.length === 0) out.push("The lock is the advised stack.", "");
    else out.push(...updateTable(r.full.updates, true), "");
  }
  if ((r.smallest?.updates.length ?? 0) > 0 || (r.full?.updates.length ?? 0) > 0) {
    out.push("score delta: the package's part of the advised stack's score (maat advise's objective: its weighted step scores and the state steps that match it), new minus old; n/a when a unit removes one of the two versions.", "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

const justificationJson = (j: Justification) => ({ type: j.type, message: j.message, link: j.link ?? null });
const updateJson = (u: PackageUpdate) => ({
  package: u.package, old: u.old, new: u.new, dev: u.dev, fixes: u.fixes, prescriptions_fixed: u.prescriptionsFixed,
  score_old: u.scoreOld, score_new: u.scoreNew, score_delta: u.scoreDelta, justifications: u.justifications.map(justificationJson),
});

/** The report as one JSON document (`"schema": "maat.update/1"`). */
export function updateJsonText(r: UpdateReport): string {
  return `${JSON.stringify({
    schema: "maat.update/1",
    lock: r.lock,
    only: r.only,
    audit: r.audit,
    updates: r.smallest?.updates.map(updateJson) ?? null,
    smallest_update: r.smallest === null ? null : {
      packages: r.smallest.packages, updates: r.smallest.updates.map(updateJson),
      safe: r.smallest.remaining.length === 0,
      unsafe: r.smallest.remaining.map((p) => ({ package: p.package, version: p.version, advisories: p.advisories.map((a) => a.id) })),
    },
    full_update: r.full === null ? null : { packages: r.full.packages, updates: r.full.updates.map(updateJson) },
    objective: { order: ["advisories", "changed packages", "version moves", "score"], scales: r.scales },
  })}\n`;
}

export function printUpdate(format: "text" | "json", r: UpdateReport): void {
  process.stdout.write(format === "json" ? updateJsonText(r) : updateMarkdown(r));
}
