/** Where a search stands, as the progress bar draws it. */
export interface SearchProgress {
  readonly stacks: number;
  readonly best: number;
  readonly elapsedMs: number;
  /** Stacks per second, when the search measured it; else stacks over elapsedMs. */
  readonly rate?: number;
}

/** A progress bar on stderr, drawn only once the search has run for a second; `clear` removes it. */
export function progressBar(budget: number): { readonly draw: (p: SearchProgress) => void; readonly clear: () => void } {
  let drawn = false;
  return {
    draw(p) {
      if (p.elapsedMs < 1000) return;
      drawn = true;
      const done = Math.min(1, p.stacks / budget);
      const bar = "#".repeat(Math.round(done * 30)).padEnd(30, ".");
      const best = Number.isFinite(p.best) ? p.best.toFixed(4) : "-";
      process.stderr.write(`\r[${bar}] ${p.stacks}/${budget} stacks, best ${best}, ${Math.round(p.rate ?? p.stacks / (p.elapsedMs / 1000))} stacks/s`);
    },
    clear() {
      if (drawn) process.stderr.write("\r\x1b[K");
    },
  };
}

/** The bar when the output is text on a terminal, else none. */
export function progressBarFor(format: "text" | "json", budget: number): ReturnType<typeof progressBar> | undefined {
  return format === "text" && process.stderr.isTTY ? progressBar(budget) : undefined;
}
