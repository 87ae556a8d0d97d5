/** ANSI styles for text on a terminal; every one is the identity when colour is off. */
export interface TextStyle {
  readonly enabled: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const sgr = (on: number, off: number) => (s: string) => (s === "" ? s : `\x1b[${on}m${s}\x1b[${off}m`);
const plain = (s: string) => s;

export function textStyle(enabled: boolean): TextStyle {
  if (!enabled) return { enabled, bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return { enabled, bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}

/** Colour for a stream: only on a terminal, and never with NO_COLOR. */
export function styleFor(stream: { readonly isTTY?: boolean }, noColor: boolean): TextStyle {
  return textStyle(stream.isTTY === true && !noColor);
}

/** The width a string takes on a terminal: without ANSI escapes (the CLI's text is otherwise one column a character). */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").length;
}

/** `s` padded with spaces to `width` visible columns. */
export function padVisible(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - visibleLength(s)));
}
