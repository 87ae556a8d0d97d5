import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-data.js";

const dockerfile = readFileSync(resolve(repoRoot, "Dockerfile"), "utf8");
const dockerignore = readFileSync(resolve(repoRoot, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));

/** The instructions of each stage, continuation lines joined, comments dropped. */
function stages(text: string): { readonly name: string; readonly from: string; readonly lines: string[] }[] {
  const out: { name: string; from: string; lines: string[] }[] = [];
  const joined = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  for (const line of joined) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[2] ?? "", from: from[1], lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

describe("Dockerfile", () => {
  const [build, runtime] = stages(dockerfile);
  const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];

  it("builds on node:20-bookworm-slim in two stages", () => {
    expect(arg).toBe("node:20-bookworm-slim");
    expect([build.name, build.from, runtime.name, runtime.from]).toEqual(["build", "${NODE_IMAGE}", "runtime", "${NODE_IMAGE}"]);
  });

  it("build stage: python3, make and g++ for better-sqlite3, npm ci, npm run build, then npm prune --omit=dev", () => {
    const run = build.lines.filter((l) => l.startsWith("RUN ")).join("\n");
    expect(run).toMatch(/apt-get install .*\bpython3\b.*\bmake\b.*\bg\+\+/);
    const order = ["npm ci", "npm run build", "npm prune --omit=dev"].map((s) => run.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Everything tsc -b compiles is in the build context.
    const tsconfig = JSON.parse(readFileSync(resolve(repoRoot, "tsconfig.json"), "utf8")) as { include: string[] };
    for (const folder of [...tsconfig.include, "proto", "bin"]) expect(build.lines, folder).toContain(`COPY ${folder} ${folder}`);
    expect(build.lines).toContain("COPY package.json package-lock.json ./");
  });

  it("runtime stage: dist/, bin/, proto/, package*.json and node_modules from the build, a non-root numeric user, the CLI as entrypoint", () => {
    // The sources of COPY --from=build (every word between the flag and the destination).
    const fromBuild = runtime.lines.filter((l) => l.startsWith("COPY --from=build ")).flatMap((l) => l.split(/\s+/).slice(2, -1));
    expect(fromBuild.sort()).toEqual(["/app/bin", "/app/dist", "/app/node_modules", "/app/package-lock.json", "/app/package.json", "/app/proto"]);
    const user = runtime.lines.find((l) => l.startsWith("USER "));
    expect(user).toMatch(/^USER [1-9]\d*:0$/);
    expect(runtime.lines.find((l) => l.startsWith("WORKDIR "))).toBe("WORKDIR /app");
    const entrypoint = JSON.parse(runtime.lines.find((l) => l.startsWith("ENTRYPOINT "))?.slice("ENTRYPOINT ".length) ?? "null") as string[];
    expect(entrypoint.slice(-2)).toEqual(["node", "/app/dist/services/maat.js"]);
    // The compiled CLI is where the entrypoint looks for it.
    expect(readFileSync(resolve(repoRoot, "bin/maat"), "utf8")).toContain("../dist/services/maat.js");
    // The writable folders the manifests mount, group 0 for OpenShift's arbitrary UIDs.
    expect(runtime.lines.join("\n")).toMatch(/mkdir -p \/var\/lib\/maat \/data .*chown 10001:0 \/var\/lib\/maat \/data/);
  });

  it(".dockerignore keeps node_modules, dist and .git out of the context, and nothing the build copies", () => {
    for (const entry of ["node_modules", "dist", ".git"]) expect(dockerignore).toContain(entry);
    const copied = build.lines.filter((l) => l.startsWith("COPY ") && !l.includes("--from")).flatMap((l) => l.split(/\s+/).slice(1, -1));
    for (const path of copied) expect(dockerignore, path).not.toContain(path);
  });
});
