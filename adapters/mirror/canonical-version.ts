/**
 * PEP 440 normalization of a version string (packaging's `str(Version(text))`), or null when the
 * text is not a valid version. Used for wheel filenames and the Version header.
 */
const VERSION = new RegExp(
  "^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)" +
    "(?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?" +
    "(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?" +
    "(?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?)" +
    "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$",
  "i",
);

const int = (s: string | undefined): string => (s === undefined ? "0" : String(BigInt(s)));

export function canonicalVersion(text: string): string | null {
  const m = VERSION.exec(text);
  if (m === null || m.groups === undefined) return null;
  const g = m.groups;
  let out = "";
  if (g.epoch !== undefined && BigInt(g.epoch) !== 0n) out += `${int(g.epoch)}!`;
  out += g.release.split(".").map((x) => int(x)).join(".");
  if (g.pre_l !== undefined) {
    const l = g.pre_l.toLowerCase();
    const label = l === "alpha" || l === "a" ? "a" : l === "beta" || l === "b" ? "b" : "rc";
    out += `${label}${int(g.pre_n)}`;
  }
  if (g.post !== undefined) out += `.post${int(g.post_n1 ?? g.post_n2)}`;
  if (g.dev !== undefined) out += `.dev${int(g.dev_n)}`;
  if (g.local !== undefined) {
    out += "+" + g.local.toLowerCase().split(/[-_.]/).map((s) => (/^[0-9]+$/.test(s) ? int(s) : s)).join(".");
  }
  return out;
}
