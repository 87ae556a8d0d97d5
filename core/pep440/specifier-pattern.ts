/**
 * packaging's `Specifier._regex`, translated to a JavaScript RegExp with the same backtracking
 * semantics. Python's `\s` (unicode `str.isspace`) is spelled out, since JavaScript's differs.
 * Without the `u` flag, JavaScript's case-insensitive matching folds ASCII letters only, like
 * Python's `(?a:)` groups.
 */
const S = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

const ARBITRARY = `===${S}*(?:(?!${S})[^;)])*`;
const EQUALITY = `(?:==|!=)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?`;
const COMPATIBLE = `~=${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV}`;
const ORDERED = `(?:<=|>=|<|>)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV}`;

export const SPECIFIER_PATTERN = new RegExp(`^${S}*(?:${ARBITRARY}|${EQUALITY}|${COMPATIBLE}|${ORDERED})${S}*$`, "i");
