import type { Command } from "commander";
import { UsageError } from "../usage-error.js";

interface CheckOptions {
  readonly format: string;
  readonly strict?: boolean;
  readonly cache?: string;
}

/** `maat prescriptions check PATH`: loads a prescription folder or .tar.gz and lists what the model does not support. */
export function registerPrescriptions(program: Command): void {
  const group = program.command("prescriptions").description("Thoth prescriptions (v1 format)");
  group
    .command("check")
    .description("load every unit and list the constructs Maat does not support, with counts")
    .argument("<path>", "a folder of prescription YAML files or a .tar.gz of one")
    .option("--format <format>", "text or json", "text")
    .option("--strict", "exit 1 when any construct is unsupported too (invalid files or units always exit 1)")
    .option("--cache <dir>", "folder for the compiled cache")
    .action(async (path: string, options: CheckOptions) => {
      if (options.format !== "text" && options.format !== "json") throw new UsageError(`--format: expected text or json, got ${JSON.stringify(options.format)}`);
      const { loadPrescriptions } = await import("../../../adapters/prescriptions/index.js");
      const load = await loadPrescriptions(path, options.cache === undefined ? {} : { cacheDir: options.cache });
      if (!load.ok) throw new UsageError(load.error);
      const set = load.value;
      const tally = (severity: "unsupported" | "invalid") => {
        const counts = new Map<string, number>();
        for (const i of set.issues) if (i.severity === severity) counts.set(i.construct, (counts.get(i.construct) ?? 0) + 1);
        return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([construct, count]) => ({ construct, count }));
      };
      const unsupported = tally("unsupported");
      const invalid = tally("invalid");
      if (options.format === "json") {
        process.stdout.write(`${JSON.stringify({ schema: "maat.prescriptions-check/1", files: set.files, units: set.declaredUnits, valid_units: set.units.length, unsupported, invalid })}\n`);
      } else {
        const lines = [`files: ${set.files}`, `units: ${set.declaredUnits} (${set.units.length} valid)`];
        for (const [title, rows] of [["unsupported", unsupported], ["invalid", invalid]] as const) {
          if (rows.length === 0) {
            lines.push(`${title}: none`);
            continue;
          }
          const width = Math.max(9, ...rows.map((r) => r.construct.length));
          lines.push(`${title}:`, `  ${"construct".padEnd(width)}  count`);
          for (const r of rows) lines.push(`  ${r.construct.padEnd(width)}  ${String(r.count).padStart(5)}`);
        }
        const examples = set.issues.slice(0, 10).map((i) => `  ${i.file}: ${i.unit === undefined ? "" : `unit ${i.unit}: `}${i.path}: ${i.reason}`);
        if (examples.length > 0) lines.push("first issues:", ...examples);
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      // Invalid files or units are problems to fix (issue 15); unsupported constructs are Maat's limits, a failure under --strict.
      if (invalid.length > 0 || (options.strict && set.issues.length > 0)) process.exitCode = 1;
    });
}
