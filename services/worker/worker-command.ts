import { availableParallelism, hostname } from "node:os";
import type { Command } from "commander";
import { CommandFailure } from "../compose/command-failure.js";
import type { MaatConfig } from "../compose/maat-config.js";

interface WorkerOpts {
  nats?: string;
  threads?: string;
  metricsListen?: string;
  graphCache?: string;
  id?: string;
}

/** `maat worker`: a rollout worker of the cluster, until SIGTERM or SIGINT. Configuration errors exit 2. */
export function registerWorker(program: Command, config: MaatConfig): void {
  program
    .command("worker")
    .description("run a rollout worker: pull batches from the NATS work queue, run them on a thread pool, publish the results")
    .option("--nats <url>", "NATS server (MAAT_NATS_URL; default nats://127.0.0.1:4222)")
    .option("--threads <n>", "rollout threads, and so batches held at once (MAAT_THREADS; default: available parallelism)")
    .option("--metrics-listen <host:port>", "serve Prometheus metrics at http://HOST:PORT/metrics (MAAT_METRICS_LISTEN; default: none)")
    .option("--graph-cache <n>", "compiled graphs kept in memory (MAAT_GRAPH_CACHE; default 8)")
    .option("--id <name>", "worker id in results and logs (MAAT_WORKER_ID; default <hostname>-<pid>)")
    .addHelpText("after", "\nAlso: MAAT_ACK_WAIT_SECONDS (default 30), the work queue's ack wait.\nThe worker prints `maat worker <id>: <threads> threads, nats <URL>` once it is ready.")
    .action(async (opts: WorkerOpts) => {
      const { parseWorkerConfig, processIo, runWorker } = await import("./index.js");
      const parsed = parseWorkerConfig(opts, config.env, { hostname: hostname(), pid: process.pid, availableParallelism: availableParallelism() });
      if (!parsed.ok) throw new CommandFailure(parsed.error, `worker: ${parsed.error.message}`);
      process.exitCode = await runWorker(parsed.value, processIo());
    });
}
