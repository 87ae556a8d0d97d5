import type { Command } from "commander";
import { CommandFailure } from "../compose/command-failure.js";
import type { MaatConfig } from "../compose/maat-config.js";
import type { ServeFlags } from "./config.js";

/** `maat serve`: the coordinator. Each option also comes from a MAAT_* variable; a flag wins. */
export function registerServe(program: Command, config: MaatConfig): void {
  program.command("serve")
    .description("run the coordinator: the gRPC Adviser API, advises on a local thread pool or on workers over NATS")
    .option("--listen <host:port>", "gRPC address (MAAT_LISTEN, default 127.0.0.1:50051)")
    .option("--nats <url>", "the cluster's NATS (MAAT_NATS_URL; none: standalone, rollouts on a local thread pool)")
    .option("--metrics-listen <host:port>", "serve Prometheus /metrics here (MAAT_METRICS_LISTEN; default none)")
    .option("--max-advises <n>", "advises running at once; more get RESOURCE_EXHAUSTED (MAAT_MAX_ADVISES, default 4)")
    .option("--batch-size <n>", "rollouts per batch of a search (MAAT_BATCH_SIZE, default 256)")
    .option("--chunk-size <n>", "rollouts per NATS message (MAAT_CHUNK_SIZE, default 64)")
    .option("--in-flight <d>", "batches in flight of a request that sets none (MAAT_IN_FLIGHT, default 1; 1 to 64)")
    .option("--leaf-rollouts <k>", "rollouts per mcts or td request of a request that sets none (MAAT_LEAF_ROLLOUTS, default 1; 1 to 1024)")
    .option("--default-timeout <seconds>", "search time of a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS, default 600)")
    .option("--ack-wait <seconds>", "work-queue ack wait before redelivery (MAAT_ACK_WAIT_SECONDS, default 30)")
    .option("--graph-expiry <seconds>", "delete compiled graphs (and what is stored beside them) unused this long; an advise in flight keeps its own (MAAT_GRAPH_EXPIRY_SECONDS, default 3600)")
    .option("--tls-cert <file>", "serve TLS with this PEM certificate chain (MAAT_TLS_CERT; needs --tls-key)")
    .option("--tls-key <file>", "the PEM private key of --tls-cert (MAAT_TLS_KEY)")
    .option("--tls-client-ca <file>", "require client certificates signed by this PEM CA (MAAT_TLS_CLIENT_CA; needs TLS)")
    .option("--token-file <file>", "require authorization: Bearer <token>, one token a line in FILE (MAAT_TOKEN_FILE); health stays open")
    .option("--data-root <dir>", "a folder whose files requests may name as index, advisories_path, prescriptions_path; repeatable (MAAT_DATA_ROOTS, separated by :; default none: requests name no files)", collect, [])
    .option("--source <name=path-or-url>", "a knowledge source requests may name as @NAME in index, advisories_path or prescriptions_path (listed by ListKnowledge); repeatable (MAAT_SOURCES, separated by commas)", collect, [])
    .option("--allow-index <url>", "an index URL requests may use; repeatable (MAAT_ALLOW_INDEXES, separated by spaces or commas; default https://pypi.org/simple)", collect, [])
    .action(async (flags: ServeFlags) => {
      const { runServe } = await import("./run-serve.js");
      const outcome = await runServe(flags, {
        env: config.env, storePath: config.storePath,
        out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`),
      });
      if (!outcome.ok) throw new CommandFailure(outcome.error);
      process.exitCode = outcome.value;
    });
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
