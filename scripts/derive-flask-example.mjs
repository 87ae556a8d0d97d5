#!/usr/bin/env node
// Derives examples/flask/ from ../shared/data (run from the repository root; see examples/README.md):
// the Flask graph with every project and version kept, unknown (null) fields left out, one project a
// line; and the PyPA advisories (OSV) of its projects, copied as they are.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const data = process.argv[2] ?? "../shared/data";
const out = "examples/flask";
const graph = JSON.parse(readFileSync(join(data, "pypi-graphs/flask-graph.json"), "utf8"));

const known = (entry) => Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== null));
const lines = Object.keys(graph).sort().map((project) => {
  const versions = Object.fromEntries(Object.entries(graph[project]).map(([version, entry]) => [version, known(entry)]));
  return `${JSON.stringify(project)}:${JSON.stringify(versions)}`;
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "flask-graph.json"), `{\n${lines.join(",\n")}\n}\n`);

const vulns = join(data, "osv-pypa/vulns");
const advisories = join(out, "advisories");
rmSync(advisories, { recursive: true, force: true });
let copied = 0;
for (const project of Object.keys(graph).sort()) {
  const from = join(vulns, project);
  if (!statSync(from, { throwIfNoEntry: false })?.isDirectory()) continue;
  mkdirSync(join(advisories, project), { recursive: true });
  for (const file of readdirSync(from).sort()) {
    copyFileSync(join(from, file), join(advisories, project, file));
    copied += 1;
  }
}
copyFileSync(join(data, "osv-pypa/LICENSE"), join(advisories, "LICENSE"));
process.stdout.write(`${out}/flask-graph.json: ${lines.length} projects; ${out}/advisories: ${copied} advisories\n`);
