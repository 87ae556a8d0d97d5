import { describe, expect, it } from "vitest";
import { lineChartSvg } from "./line-chart-svg.js";

describe("lineChartSvg", () => {
  it("draws one path and one legend entry per line, on a log x axis", () => {
    const svg = lineChartSvg(
      [{ name: "td", points: [[10, 0.5], [1000, 0.9], [70000, 1]] }, { name: "a<b", points: [[10, 0.4], [70000, 0.8]] }],
      { title: "t", xLabel: "x", yLabel: "y", logX: true, yRange: [0, 1] },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain(">td</text>");
    expect(svg).toContain(">a&lt;b</text>");
    expect(svg).toContain(">1,000</text>");
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });
});
