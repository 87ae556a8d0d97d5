/**
 * kubectl and helm run offline: KUBECONFIG points at nothing, so no command can reach a cluster.
 * Each is optional (CI machines may lack them); `available` says whether it runs here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The environment of a run: no kubeconfig, helm's homes in `home` (a temporary folder). */
function offline(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: join(home, "no-kubeconfig"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_DATA_HOME: join(home, "data"),
  };
}

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTool(tool: "kubectl" | "helm", args: readonly string[]): ToolRun {
  const home = mkdtempSync(join(tmpdir(), "maat-deploy-tool-"));
  try {
    const r = spawnSync(tool, args, { env: offline(home), encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.error ? null : r.status, stdout: r.stdout ?? "", stderr: r.error ? r.error.message : (r.stderr ?? "") };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Whether the tool runs here (its client version answers). */
export function available(tool: "kubectl" | "helm"): boolean {
  return runTool(tool, tool === "kubectl" ? ["version", "--client"] : ["version"]).status === 0;
}
