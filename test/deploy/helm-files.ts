/** The Helm chart as the tests read it: Chart.yaml, values.yaml and the templates as text. */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../support/shared-data.js";
import { stripGoTemplate } from "./go-template-text.js";
import { yamlDocuments, type Loaded } from "./k8s-object.js";

export const chartDir = resolve(repoRoot, "helm/maat");

export function readChartFile(path: string): string {
  return readFileSync(resolve(chartDir, path), "utf8");
}

export function chartValues(): Record<string, unknown> {
  return parse(readChartFile("values.yaml")) as Record<string, unknown>;
}

/** Every file of templates/ (manifests, _helpers.tpl, NOTES.txt), by name. */
export function templateTexts(): Map<string, string> {
  const names = readdirSync(resolve(chartDir, "templates")).sort();
  return new Map(names.map((n) => [n, readChartFile(`templates/${n}`)]));
}

/** The documents of the manifest templates, their actions stripped (go-template-text). */
export function strippedTemplates(): Loaded[] {
  return [...templateTexts()]
    .filter(([name]) => name.endsWith(".yaml"))
    .flatMap(([name, text]) => yamlDocuments(stripGoTemplate(text), `helm/maat/templates/${name}`, { uniqueKeys: false }));
}
