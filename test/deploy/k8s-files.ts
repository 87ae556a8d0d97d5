/** The plain manifests of k8s/ as the tests read them: the kustomization, its resources, its components. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../support/shared-data.js";
import { k8sObjects, yamlDocuments, type K8sObject, type Loaded } from "./k8s-object.js";

export const k8sDir = resolve(repoRoot, "k8s");

export interface Kustomization {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly resources?: readonly string[];
  readonly components?: readonly string[];
  readonly patches?: readonly { readonly patch?: string; readonly path?: string; readonly target?: Readonly<Record<string, string>> }[];
  readonly images?: readonly { readonly name: string; readonly newName?: string; readonly newTag?: string }[];
}

/** The kustomization.yaml of a folder under k8s/ ("" for k8s/ itself). */
export function readKustomization(folder: string): Kustomization {
  return parse(readFileSync(resolve(k8sDir, folder, "kustomization.yaml"), "utf8")) as Kustomization;
}

/** The documents of the resources a kustomization lists, each with its file (relative to k8s/). */
export function loadResources(folder: string): Loaded[] {
  return (readKustomization(folder).resources ?? []).flatMap((r) => {
    const file = `${folder === "" ? "" : `${folder}/`}${r}`;
    return yamlDocuments(readFileSync(resolve(k8sDir, file), "utf8"), `k8s/${file}`);
  });
}

/** The base's objects, as written (before kustomize's labels and images). */
export function baseObjects(): K8sObject[] {
  return k8sObjects(loadResources(""));
}

/** The folders of k8s/components/ that the tests know. */
export const COMPONENTS = ["fixed-uid", "data-from-init", "service-monitor"] as const;
