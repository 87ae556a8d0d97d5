import type { JobPhase } from "../../compose/advise-job.js";
import { textStyle, type TextStyle } from "./text-style.js";

/** Where a search stands, as the progress line draws it. */
export interface SearchProgress {
  readonly stacks: number;
  readonly best: number;
  /** Since the search started. */
  readonly elapsedMs: number;
  /** Stacks per second, when the search measured it; else stacks over elapsedMs. */
  readonly rate?: number;
}

/** Frames are at least this far apart: at most 10 a second. */
export const MIN_FRAME_INTERVAL_MS = 100;
/** Nothing is drawn before this: a quick command leaves no trace of a progress line. */
const FIRST_FRAME_AFTER_MS = 200;
/** The line is redrawn this often while nothing reports (the elapsed time moves on). */
const TICK_MS = 500;

export interface ProgressDisplay {
  readonly phase: (phase: JobPhase) => void;
  readonly search: (progress: SearchProgress) => void;
  /** Removes the line and stops redrawing. */
  readonly clear: () => void;
}

export interface ProgressOptions {
  readonly budget: number;
  readonly timeoutMs: number | null;
  readonly write: (s: string) => void;
  /** The terminal's width now (it may be resized). */
  readonly columns: () => number;
  readonly now: () => number;
  readonly style?: TextStyle;
}

export interface ProgressState {
  phase: JobPhase;
  phaseStarted: number;
  search: SearchProgress | null;
}

/**
 * One status line on a terminal, redrawn in place at most every MIN_FRAME_INTERVAL_MS: the phase
 * (loading knowledge, compiling, searching, proving), and while searching the stacks scored, the
 * best score, stacks/s and the time left; always shorter than the terminal is wide.
 */
export function progressDisplay(options: ProgressOptions): ProgressDisplay {
  const style = options.style ?? textStyle(false);
  const created = options.now();
  const state: ProgressState = { phase: { phase: "loading-knowledge" }, phaseStarted: created, search: null };
  let lastFrame = -Infinity;
  let drawn = false;
  let stopped = false;
  let trailing: NodeJS.Timeout | undefined;
  const ticker = setInterval(() => request(), TICK_MS);
  ticker.unref();

  const render = () => {
    if (trailing !== undefined) {
      clearTimeout(trailing);
      trailing = undefined;
    }
    if (stopped) return;
    const t = options.now();
    lastFrame = t;
    drawn = true;
    options.write(`\r${progressLine(state, t, options, Math.max(10, options.columns() - 1), style)}\x1b[K`);
  };
  const request = () => {
    if (stopped) return;
    const t = options.now();
    if (t - created < FIRST_FRAME_AFTER_MS) return;
    if (t - lastFrame >= MIN_FRAME_INTERVAL_MS) render();
    else if (trailing === undefined) {
      trailing = setTimeout(render, MIN_FRAME_INTERVAL_MS - (t - lastFrame));
      trailing.unref();
    }
  };
  return {
    phase(phase) {
      if (phase.phase !== state.phase.phase) state.phaseStarted = options.now();
      state.phase = phase;
      request();
    },
    search(progress) {
      if (state.phase.phase !== "searching") {
        state.phase = { phase: "searching" };
        state.phaseStarted = options.now();
      }
      state.search = progress;
      request();
    },
    clear() {
      stopped = true;
      clearInterval(ticker);
      if (trailing !== undefined) clearTimeout(trailing);
      if (drawn) options.write("\r\x1b[K");
    },
  };
}

const PHASE_WORDS: Record<JobPhase["phase"], string> = {
  "loading-knowledge": "loading knowledge", compiling: "compiling the dependency graph", searching: "searching", proving: "proving the optimum",
};

/** The text of one frame, at most `width` columns (escapes aside). */
export function progressLine(state: ProgressState, now: number, options: Pick<ProgressOptions, "budget" | "timeoutMs">, width: number, style: TextStyle): string {
  const elapsed = duration(now - state.phaseStarted);
  const word = PHASE_WORDS[state.phase.phase];
  const s = state.search;
  if (state.phase.phase !== "searching" || s === null) {
    const detail = state.phase.detail === undefined ? "" : `: ${state.phase.detail}`;
    return fit([{ text: `${word}${detail}`, paint: style.cyan }, { text: elapsed }], width);
  }
  const rate = Math.round(s.rate ?? (s.elapsedMs > 0 ? s.stacks / (s.elapsedMs / 1000) : 0));
  const done = Math.min(1, s.stacks / options.budget);
  const leftMs = [rate > 0 ? ((options.budget - s.stacks) / rate) * 1000 : Infinity, options.timeoutMs === null ? Infinity : options.timeoutMs - s.elapsedMs];
  const left = Math.max(0, Math.min(...leftMs));
  const counts = `${count(s.stacks)}/${count(options.budget)}`;
  const best = `best ${Number.isFinite(s.best) ? s.best.toFixed(4) : "-"}`;
  const speed = `${count(rate)}/s`;
  const remaining = Number.isFinite(left) ? `~${duration(left)} left` : "";
  const bar = (n: number) => `[${"#".repeat(Math.round(done * n)).padEnd(n, ".")}]`;
  // "searching (stopping, Ctrl-C again quits)", "searching (on 127.0.0.1:50051)".
  const titled = state.phase.detail === undefined ? word : `${word} (${state.phase.detail})`;
  // The widest layout that fits: a 20-column bar, then a 10-column one, then fewer facts.
  const layouts: Segment[][] = [
    [{ text: titled, paint: style.cyan }, { text: bar(20) }, { text: counts }, { text: best, paint: style.green }, { text: speed }, { text: remaining }],
    [{ text: titled, paint: style.cyan }, { text: bar(10) }, { text: counts }, { text: best, paint: style.green }, { text: speed }, { text: remaining }],
    [{ text: titled, paint: style.cyan }, { text: `${counts} stacks` }, { text: best, paint: style.green }],
    [{ text: word, paint: style.cyan }, { text: `${counts} stacks` }, { text: best, paint: style.green }, { text: remaining }],
    [{ text: counts }, { text: best, paint: style.green }],
  ];
  for (const layout of layouts) {
    const segments = layout.filter((x) => x.text !== "");
    if (segments.reduce((n, x) => n + x.text.length, 0) + 2 * (segments.length - 1) <= width) return segments.map((x) => (x.paint ?? String)(x.text)).join("  ");
  }
  return fit(layouts[3], width);
}

interface Segment {
  readonly text: string;
  readonly paint?: (s: string) => string;
}

/** Segments joined by two spaces, painted when they fit, else the plain text cut to `width`. */
function fit(segments: readonly Segment[], width: number): string {
  const plain = segments.map((x) => x.text).join("  ");
  if (plain.length > width) return `${plain.slice(0, Math.max(0, width - 1))}…`;
  return segments.map((x) => (x.paint ?? String)(x.text)).join("  ");
}

const count = (n: number) => n.toLocaleString("en-US");

/** `850ms`, `12.3s`, `4m05s`, `2h03m`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** The display when the output is text and stderr a terminal, else none (nothing on a pipe or a file). */
export function progressFor(format: "text" | "json", budget: number, timeoutMs: number | null, noColor: boolean): ProgressDisplay | undefined {
  const stderr = process.stderr;
  if (format !== "text" || !stderr.isTTY) return undefined;
  return progressDisplay({
    budget, timeoutMs, write: (s) => stderr.write(s), columns: () => stderr.columns || 80, now: () => performance.now(), style: textStyle(!noColor),
  });
}
