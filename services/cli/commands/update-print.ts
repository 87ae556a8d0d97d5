import type { AuditedAdvisory, AuditedPackage, PackageUpdate, UpdateScales } from "../../../core/update/index.js";

type Pins = Readonly<Record<string, string>>;

/** What `maat update` found: the lock's audit and the two updates (null: no stack satisfies the request). */
export interface UpdateReport {
  readonly lock: string;
  readonly audit: readonly AuditedPackage[];
  readonly smallest: { readonly packages: Pins; readonly updates: readonly PackageUpdate[]; readonly remaining: readonly AuditedPackage[] } | null;
  readonly full: { readonly packages: Pins; readonly updates: readonly PackageUpdate[] } | null;
  readonly only: readonly string[];
  readonly scales: UpdateScales;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const advisoryLink = (a: AuditedAdvisory) => `[${a.id}](${a.link})${a.aliases.length > 0 ? ` (${a.aliases.join(", ")})` : ""}`;

function why(u: PackageUpdate): string {
  if (u.fixes.length > 0) return `fixes ${u.fixes.map(advisoryLink).join(", ")}`;
  if (u.old === null) return "newly required";
  if (u.new === null) return "no longer required";
  return "required by the update";
}

function updateTable(updates: readonly PackageUpdate[], fullWhy: boolean): string[] {
  const rows = ["| package | old | new | dev | why |", "| --- | --- | --- | --- | --- |"];
  for (const u of updates) {
    const reason = u.fixes.length > 0 || !fullWhy ? why(u) : u.old === null || u.new === null ? why(u) : "advised (higher score)";
    rows.push(`| ${cell(u.package)} | ${u.old ?? "-"} | ${u.new ?? "-"} | ${u.dev ? "yes" : "no"} | ${cell(reason)} |`);
  }
  return rows;
}

/** The report as Markdown, for a pull request's description. */
export function updateMarkdown(r: UpdateReport): string {
  const out: string[] = [`## maat update: ${r.lock}`, ""];
  const flagged = r.audit.filter((p) => p.advisories.length > 0);
  const count = flagged.reduce((n, p) => n + p.advisories.length, 0);
  out.push(`Audit: ${count} advisor${count === 1 ? "y" : "ies"} in ${flagged.length} of ${r.audit.length} locked packages${r.only.length > 0 ? `; updating only ${r.only.join(", ")}` : ""}.`, "");
  if (flagged.length > 0) {
    out.push("| package | locked | advisory | fixed in |", "| --- | --- | --- | --- |");
    for (const p of flagged) for (const a of p.advisories) out.push(`| ${cell(p.package)} | ${p.version} | ${cell(advisoryLink(a))} | ${a.fixed.join(", ") || "-"} |`);
    out.push("");
  }
  if (r.smallest === null) out.push("### Smallest safe update", "", "No stack satisfies the request (see stderr).", "");
  else {
    out.push(`### Smallest safe update (${r.smallest.updates.length} package${r.smallest.updates.length === 1 ? "" : "s"})`, "");
    if (r.smallest.updates.length === 0) out.push("Nothing to change: no locked package has to move.", "");
    else out.push(...updateTable(r.smallest.updates, false), "");
    if (r.smallest.remaining.length > 0) {
      out.push(`No stack${r.only.length > 0 ? ` that changes only ${r.only.join(", ")}` : ""} is free of advisories: the least-exposed stack above still has`);
      for (const p of r.smallest.remaining) out.push(`- ${p.package} ${p.version}: ${p.advisories.map(advisoryLink).join(", ")}`);
      out.push("");
    }
  }
  if (r.full !== null) {
    out.push(`### Full update to the advised stack (${r.full.updates.length} package${r.full.updates.length === 1 ? "" : "s"})`, "");
    if (r.full.updates.length === 0) out.push("The lock is the advised stack.", "");
    else out.push(...updateTable(r.full.updates, true), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

const updateJson = (u: PackageUpdate) => ({ package: u.package, old: u.old, new: u.new, dev: u.dev, fixes: u.fixes });

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
