import { child, createFieldReader, index } from "./field-reader.js";
import type { PrescriptionIssue } from "./issue.js";
import { UNIT_KIND_KEYS, type PrescriptionHeader, type PrescriptionUnit } from "./unit.js";
import { validateUnit } from "./validate-unit.js";

export interface DocumentValidation {
  /** Units that validated. */
  readonly units: readonly PrescriptionUnit[];
  /** Units declared in the document, valid or not. */
  readonly declaredUnits: number;
  /** The `prescription:` header when the document has one. */
  readonly header?: PrescriptionHeader;
  readonly issues: readonly PrescriptionIssue[];
}

/**
 * Validates one parsed YAML document of a prescription (a mapping with `units:` lists per kind,
 * or the `prescription: {name, release}` header). Invalid units are left out and reported.
 */
export function validatePrescriptionDocument(doc: unknown, file: string): DocumentValidation {
  const r = createFieldReader(file, undefined, "");
  const root = { path: "", construct: "" };
  const units: PrescriptionUnit[] = [];
  const issues: PrescriptionIssue[] = [];
  let declaredUnits = 0;
  let header: PrescriptionHeader | undefined;
  const map = r.mapping(doc, root);
  if (map !== undefined) {
    r.onlyKeys(map, root, ["units", "prescription"]);
    if (!("units" in map) && !("prescription" in map)) r.invalid(root, 'expected a "units" or "prescription" key');
    if ("prescription" in map) {
      const at = child(root, "prescription");
      const h = r.mapping(map.prescription, at);
      if (h !== undefined) {
        r.onlyKeys(h, at, ["name", "release"]);
        const name = r.string(r.required(h, "name", at), child(at, "name"));
        const release = r.string(r.required(h, "release", at), child(at, "release"));
        if (name !== undefined && release !== undefined) header = { name, release };
      }
    }
    if ("units" in map) {
      const at = child(root, "units");
      const kinds = r.mapping(map.units, at);
      if (kinds !== undefined) {
        r.onlyKeys(kinds, at, Object.keys(UNIT_KIND_KEYS));
        for (const [key, kind] of Object.entries(UNIT_KIND_KEYS)) {
          if (!(key in kinds)) continue;
          const listAt = child(at, key);
          const list = kinds[key];
          if (!Array.isArray(list)) {
            r.invalid(listAt, "expected a list of units");
            continue;
          }
          list.forEach((raw, i) => {
            declaredUnits += 1;
            const v = validateUnit(raw, kind, file, index(listAt, i));
            if (v.ok) units.push(v.value);
            else issues.push(...v.error);
          });
        }
      }
    }
  }
  return { units, declaredUnits, ...(header === undefined ? {} : { header }), issues: [...r.issues, ...issues] };
}
