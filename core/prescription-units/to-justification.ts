import type { Justification } from "../justification/index.js";
import type { DeclaredJustification, StackInfoEntry } from "../prescription/index.js";

/** Thoth's base for short justification ids (`link: tf_21_h5py`). */
export const THOTH_JUSTIFICATION_BASE = "https://thoth-station.ninja/j/";

/** An http(s) link as is; a short id resolved against Thoth's justification base. */
export const linkOf = (link: string): string => (/^https?:\/\//.test(link) ? link : `${THOTH_JUSTIFICATION_BASE}${link}`);

/** A prescription's stack info or justification entry as the report shows it (link resolved); its own package_name wins over `packageName`. */
export function toJustification(e: StackInfoEntry | DeclaredJustification, packageName?: string): Justification {
  const name = "package_name" in e && e.package_name !== undefined ? e.package_name : packageName;
  return { type: e.type, message: e.message, link: linkOf(e.link), ...(name !== undefined ? { package_name: name } : {}) };
}
