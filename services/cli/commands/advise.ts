import type { Command } from "commander";
import { ADVISE_DEFAULTS } from "../../../core/advise/index.js";
import type { MaatConfig } from "../../compose/maat-config.js";
import { withLockOptions } from "../lock-flags.js";
import { collect, withRequestOptions } from "../request-flags.js";
import type { AdviseFlags } from "./advise-run.js";

export function registerAdvise(program: Command, config: MaatConfig): void {
  withLockOptions(withRequestOptions(program.command("advise")), { stacks: true })
    .description("search the valid stacks for the best-scored ones and justify them (exit 0; 1: no stack; 2: bad input)")
    .option("--recommendation <type>", "latest, stable (default), performance, security or testing")
    .option("--predictor <name>", "auto (default: exact, the proven optimum when it proves one within its share of the budget, else mcts seeded with its incumbent), mcts, td, annealing, hill-climbing, random-walk, latest or exact")
    .option("--budget <n>", "stacks scored allowed (default 10000)")
    .option("--in-flight <d>", `batches of rollouts in flight (pipelining), 1 to 64; part of what decides the report (default ${ADVISE_DEFAULTS.inFlight})`)
    .option("--leaf-rollouts <k>", `rollouts per mcts or td request (leaf parallelism), 1 to 1024; part of what decides the report (default ${ADVISE_DEFAULTS.leafRollouts})`)
    .option("--threads <n>", "threads of the embedded rollout pool; 1 = the calling thread only (default: the machine's cores)")
    .option("--timeout <seconds>", "stop after this many seconds from the start: loading knowledge, resolving the request's dependencies and the search share them (the best stacks found by then are the answer)")
    .option("--count <k>", "how many stacks to return (default 3)")
    .option("--seed <s>", "seed of the search (default 0)")
    .option("--scores <file.json>", "user scores: {\"<project>\": {\"<version>\": <number>}}")
    .option("--advisories <dir>", "OSV advisories: a clone of the PyPA advisory database, its vulns/ folder, or a folder of OSV files")
    .option("--prescriptions <path>", "Thoth prescriptions: a folder of YAML or a .tar.gz")
    .option("--weight <name=w>", "weight of an objective term: recency, advisories, scores, prescriptions or a unit of the score breakdown; w >= 0, 0 removes it (repeatable)", collect)
    .option("--verbose", "list every justification (default: a summary, grouped by message)")
    .option("--server <host:port>", "run on a coordinator (maat serve) instead of in this process; same request, same output")
    .option("--tls-ca <file>", "with --server: speak TLS, trusting this PEM CA (MAAT_TLS_CA)")
    .option("--tls-client-cert <file>", "with --tls-ca: present this PEM client certificate (MAAT_TLS_CLIENT_CERT; needs --tls-client-key)")
    .option("--tls-client-key <file>", "the PEM key of --tls-client-cert (MAAT_TLS_CLIENT_KEY)")
    .option("--token-file <file>", "with --server: send authorization: Bearer <the file's first token> (MAAT_TOKEN_FILE)")
    .action(async (reqs: string[], flags: AdviseFlags) => {
      const { runAdvise } = await import("./advise-run.js");
      process.exitCode = await runAdvise(reqs, flags, config);
    });
}
