/**
 * `make bench`: runs every benchmark module in this folder (each exports `bench(): Promise<string>`
 * returning a Markdown section) and prints the sections. Figures are copied into
 * docs/benchmarks.md with this command. `make bench ONLY=pep440` runs the modules whose name contains it.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.env.ONLY ?? process.argv[2] ?? "";
const modules = readdirSync(here)
  .filter((f) => f.endsWith(".js") && f !== "run.js" && !f.endsWith(".test.js") && f.includes(only))
  .sort();
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench?: () => Promise<string> };
  if (typeof mod.bench !== "function") continue;
  process.stdout.write(`${await mod.bench()}\n\n`);
}
