import type { Result } from "../../core/failure/index.js";
import { createClusterMetrics, type ClusterMetrics } from "../../adapters/metrics/index.js";
import type { CoordinatorConfig, ServeFlags } from "./config.js";
import { parseCoordinatorConfig } from "./config.js";
import { Coordinator } from "./coordinator.js";
import { localRunnerSource } from "./local-runner-source.js";
import { readSecurityMaterial } from "./security-material.js";
import type { RunnerSource } from "./runner-source.js";

/** How long a stop may take before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

export interface ServeIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The knowledge store the executable's configuration names. */
  readonly storePath: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}


/**
 * `maat serve`: parses the configuration, starts the coordinator, prints its ready line, and runs
 * until SIGTERM or SIGINT; then stops accepting, cancels the running advises, closes NATS and gives
 * the exit code 0. A bad setting is an invalid-argument failure; a start that fails, another code.
 */
export async function runServe(flags: ServeFlags, io: ServeIo): Promise<Result<number>> {
  const parsed = parseCoordinatorConfig(flags, io.env, io.storePath);
  if (!parsed.ok) return parsed;
  const config = parsed.value;
  const security = readSecurityMaterial(config.security, config.listen.host);
  if (!security.ok) return security;
  for (const w of security.value.warnings) io.err(`maat serve: warning: ${w}`);
  const metrics = createClusterMetrics({ role: "coordinator", processMetrics: true });
  const runners = await runnerSource(config, metrics, (line) => io.err(`maat serve: ${line}`));
  if (!runners.ok) return runners;
  const started = await Coordinator.start(config, runners.value, metrics, security.value, (record) => io.err(JSON.stringify(record)));
  if (!started.ok) return started;
  const coordinator = started.value;
  if (coordinator.metricsUrl) io.err(`maat serve: metrics on ${coordinator.metricsUrl}`);
  io.out(`maat serve: listening on ${coordinator.address} (${coordinator.description})`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  io.err(`maat serve: ${signal}, stopping (${coordinator.running} advises running)`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => { timer = setTimeout(() => resolve("late"), SHUTDOWN_DEADLINE_MS); });
  const stopped = await Promise.race([coordinator.stop(SHUTDOWN_DEADLINE_MS / 2).then(() => "stopped" as const), late]);
  clearTimeout(timer);
  if (stopped === "late") io.err(`maat serve: not stopped within ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
  return { ok: true, value: 0 };
}

async function runnerSource(config: CoordinatorConfig, metrics: ClusterMetrics, log: (line: string) => void): Promise<Result<RunnerSource>> {
  if (config.natsUrl === null) return { ok: true, value: localRunnerSource(metrics) };
  const { natsRunnerSource } = await import("./nats-runner-source.js");
  return natsRunnerSource(config, metrics, log);
}
