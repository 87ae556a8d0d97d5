/** One line of a chart: its name and its (x, y) points. */
export interface ChartLine {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Log scale on x (values must be positive). */
  readonly logX?: boolean;
  readonly yRange?: readonly [number, number];
}

const COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
const W = 760, H = 440, L = 70, R = 170, T = 40, B = 55;

/** A self-contained SVG line chart with axes, ticks and a legend. */
export function lineChartSvg(lines: readonly ChartLine[], o: ChartOptions): string {
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]));
  const fx = (x: number) => (o.logX ? Math.log10(x) : x);
  const [x0, x1] = [fx(Math.min(...xs)), fx(Math.max(...xs))];
  const [y0, y1] = o.yRange ?? [Math.min(...ys), Math.max(...ys)];
  const px = (x: number) => L + ((fx(x) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (y: number) => T + (1 - (Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - R / 2}" y="22" text-anchor="middle" font-size="15">${escape(o.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
  ];
  const xTicks = o.logX ? decades(Math.min(...xs), Math.max(...xs)) : ticks(Math.min(...xs), Math.max(...xs));
  for (const t of xTicks) {
    out.push(`<line x1="${px(t)}" y1="${H - B}" x2="${px(t)}" y2="${H - B + 5}" stroke="black"/>`, `<text x="${px(t)}" y="${H - B + 18}" text-anchor="middle">${t.toLocaleString("en-US")}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${L - 5}" y1="${py(t)}" x2="${W - R}" y2="${py(t)}" stroke="#ddd"/>`, `<text x="${L - 8}" y="${py(t) + 4}" text-anchor="end">${t.toFixed(3)}</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${escape(o.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${escape(o.yLabel)}</text>`);
  lines.forEach((l, i) => {
    const color = COLORS[i % COLORS.length];
    const d = l.points.map((p, k) => `${k === 0 ? "M" : "L"}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    out.push(`<line x1="${W - R + 15}" y1="${T + 10 + i * 20}" x2="${W - R + 40}" y2="${T + 10 + i * 20}" stroke="${color}" stroke-width="3"/>`, `<text x="${W - R + 46}" y="${T + 14 + i * 20}">${escape(l.name)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 5));
  const unit = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 6) ?? step * 10;
  const out: number[] = [];
  for (let t = Math.ceil(lo / unit) * unit; t <= hi + 1e-12; t += unit) out.push(Math.round(t / unit) * unit);
  return out;
}

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi; e++) if (10 ** e >= lo) out.push(10 ** e);
  return out;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
