import type { Result } from "../../core/failure/index.js";
import { integer, listenAddress, natsUrl, pick, seconds, settingsOutcome, type ListenAddress } from "../compose/setting.js";
import { ADVISE_DEFAULTS } from "../../core/advise/index.js";
import { MAX_IN_FLIGHT } from "../../core/predictor/index.js";
import { MAX_LEAF_ROLLOUTS } from "../../core/rollout/index.js";
import { parseSecurityConfig, type SecurityConfig, type SecurityFlags } from "./security-config.js";

export type { ListenAddress };

/**
 * The coordinator's configuration (`maat serve`), parsed once from its flags and the environment
 * into a frozen object. A flag wins over its variable, a variable over the default. Every error
 * names the flag or the variable it came from and the constraint it broke.
 */

export interface CoordinatorConfig {
  /** The gRPC API (MAAT_LISTEN). */
  readonly listen: ListenAddress;
  /** The cluster's NATS, or null: standalone, rollouts on a local thread pool (MAAT_NATS_URL). */
  readonly natsUrl: string | null;
  /** Where to serve /metrics, or null for none (MAAT_METRICS_LISTEN). */
  readonly metricsListen: ListenAddress | null;
  /** Advises running at once; more are refused with RESOURCE_EXHAUSTED (MAAT_MAX_ADVISES). */
  readonly maxAdvises: number;
  /** Rollouts per batch of a search (MAAT_BATCH_SIZE). */
  readonly batchSize: number;
  /** Rollouts per NATS message, the message size (--chunk-size, MAAT_CHUNK_SIZE: the older word, kept for compatibility). */
  readonly messageSize: number;
  /** Batches in flight of a request that sets none (MAAT_IN_FLIGHT). */
  readonly inFlight: number;
  /** Leaf rollouts (rollouts per mcts or td request) of a request that sets none (MAAT_LEAF_ROLLOUTS). */
  readonly leafRollouts: number;
  /** The search time of a request that sets none (MAAT_DEFAULT_TIMEOUT_SECONDS). */
  readonly defaultTimeoutMs: number;
  /** The work queue's ack wait (MAAT_ACK_WAIT_SECONDS). */
  readonly ackWaitMs: number;
  /** Objects in the graph store unused this long are deleted (MAAT_GRAPH_EXPIRY_SECONDS). */
  readonly graphExpiryMs: number;
  /** The knowledge store for index URLs (MAAT_STORE). */
  readonly storePath: string;
  /** TLS, tokens, data roots, allowed indexes (security-config.ts). */
  readonly security: SecurityConfig;
}

/** The flags of `maat serve`, as commander hands them over (strings, absent when not given). */
export interface ServeFlags extends SecurityFlags {
  readonly listen?: string;
  readonly nats?: string;
  readonly metricsListen?: string;
  readonly maxAdvises?: string;
  readonly batchSize?: string;
  readonly chunkSize?: string;
  readonly inFlight?: string;
  readonly leafRollouts?: string;
  readonly defaultTimeout?: string;
  readonly ackWait?: string;
  readonly graphExpiry?: string;
}

export type CoordinatorConfigOutcome = Result<CoordinatorConfig>;

export const DEFAULT_LISTEN = "127.0.0.1:50051";
export const DEFAULT_MAX_ADVISES = 4;
export const DEFAULT_BATCH_SIZE = ADVISE_DEFAULTS.batchSize;
export const DEFAULT_MESSAGE_SIZE = 64;
export const DEFAULT_TIMEOUT_SECONDS = ADVISE_DEFAULTS.serverTimeoutSeconds;
export const DEFAULT_ACK_WAIT_SECONDS = 30;
export const DEFAULT_GRAPH_EXPIRY_SECONDS = 3600;
const MAX_ADVISES = 10_000;
const MAX_BATCH_SIZE = 1_000_000;

/**
 * Parses the flags and variables of `maat serve`; `env` is read here and nowhere else.
 * `storePath`: the knowledge store the CLI's configuration names (MAAT_STORE or its default).
 */
export function parseCoordinatorConfig(flags: ServeFlags, env: Readonly<Record<string, string | undefined>>, storePath: string): CoordinatorConfigOutcome {
  return settingsOutcome(() => {
    const listen = pick(flags.listen, "--listen", env, "MAAT_LISTEN");
    const nats = pick(flags.nats, "--nats", env, "MAAT_NATS_URL");
    const metrics = pick(flags.metricsListen, "--metrics-listen", env, "MAAT_METRICS_LISTEN");
    const maxAdvises = pick(flags.maxAdvises, "--max-advises", env, "MAAT_MAX_ADVISES");
    const batchSize = pick(flags.batchSize, "--batch-size", env, "MAAT_BATCH_SIZE");
    const messageSize = pick(flags.chunkSize, "--chunk-size", env, "MAAT_CHUNK_SIZE");
    const inFlight = pick(flags.inFlight, "--in-flight", env, "MAAT_IN_FLIGHT");
    const leafRollouts = pick(flags.leafRollouts, "--leaf-rollouts", env, "MAAT_LEAF_ROLLOUTS");
    const timeout = pick(flags.defaultTimeout, "--default-timeout", env, "MAAT_DEFAULT_TIMEOUT_SECONDS");
    const ackWait = pick(flags.ackWait, "--ack-wait", env, "MAAT_ACK_WAIT_SECONDS");
    const graphExpiry = pick(flags.graphExpiry, "--graph-expiry", env, "MAAT_GRAPH_EXPIRY_SECONDS");
    const config: CoordinatorConfig = {
      listen: listenAddress(listen ?? { value: DEFAULT_LISTEN, name: "the default listen address" }, "50051"),
      natsUrl: nats ? natsUrl(nats) : null,
      metricsListen: metrics ? listenAddress(metrics, "9464") : null,
      maxAdvises: maxAdvises ? integer(maxAdvises, 1, MAX_ADVISES) : DEFAULT_MAX_ADVISES,
      batchSize: batchSize ? integer(batchSize, 1, MAX_BATCH_SIZE) : DEFAULT_BATCH_SIZE,
      messageSize: messageSize ? integer(messageSize, 1, MAX_BATCH_SIZE) : DEFAULT_MESSAGE_SIZE,
      inFlight: inFlight ? integer(inFlight, 1, MAX_IN_FLIGHT) : ADVISE_DEFAULTS.inFlight,
      leafRollouts: leafRollouts ? integer(leafRollouts, 1, MAX_LEAF_ROLLOUTS) : ADVISE_DEFAULTS.leafRollouts,
      defaultTimeoutMs: timeout ? seconds(timeout, 0.001) : DEFAULT_TIMEOUT_SECONDS * 1000,
      ackWaitMs: ackWait ? seconds(ackWait, 0.1) : DEFAULT_ACK_WAIT_SECONDS * 1000,
      graphExpiryMs: graphExpiry ? seconds(graphExpiry, 1) : DEFAULT_GRAPH_EXPIRY_SECONDS * 1000,
      storePath,
      security: parseSecurityConfig(flags, env),
    };
    return Object.freeze(config);
  });
}
