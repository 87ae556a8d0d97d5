/** Where JSON.parse fails in `text`: a 0-based offset, with 1-based line and column. */
export interface JsonErrorPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

const POSITION = /at position (\d+)/;

/** A syntax error before the end of `prefix` (not merely "the input ends here"). */
function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes("Unexpected end")) return false;
    const m = POSITION.exec(message);
    return m === null || Number(m[1]) < prefix.length;
  }
}

/**
 * The offset of the first syntax error: the one V8 states ("at position N") or, when its message
 * has none ("Unexpected token 'x'"), the end of the shortest prefix that already fails, found by
 * bisection (a prefix that fails before its end stays failing when extended).
 */
export function jsonErrorPosition(text: string, message: string): JsonErrorPosition {
  const m = POSITION.exec(message);
  let offset: number;
  if (m !== null) offset = Number(m[1]);
  else if (message.includes("Unexpected end")) offset = text.length;
  else {
    let lo = 1;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (failsBeforeEnd(text.slice(0, mid))) hi = mid;
      else lo = mid + 1;
    }
    offset = lo - 1;
  }
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { offset, line, column };
}
