import type { Justification as PrescriptionJustification, StackInfoEntry } from "../prescription/index.js";
import type { Justification } from "../pipeline/index.js";

/** Thoth's base for short justification ids (`link: tf_21_h5py`). */
export const THOTH_JUSTIFICATION_BASE = "https://thoth-station.ninja/j/";

/** An http(s) link as is; a short id resolved against Thoth's justification base. */
export const linkOf = (link: string): string => (/^https?:\/\//.test(link) ? link : `${THOTH_JUSTIFICATION_BASE}${link}`);

/** A prescription's stack info or justification entry as a pipeline justification; its own package_name wins over `packageName`. */
export function toJustification(e: StackInfoEntry | PrescriptionJustification, packageName?: string): Justification {
  const name = "packageName" in e && e.packageName !== undefined ? e.packageName : packageName;
  return { type: e.type, message: e.message, link: linkOf(e.link), ...(name !== undefined ? { package_name: name } : {}) };
}
