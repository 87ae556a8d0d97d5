/** Prometheus metrics of the cluster (`maat_*`, one registry per process) and their HTTP endpoint. */
export { BATCH_BUCKETS, createClusterMetrics, type AdviseOutcomeLabel, type ClusterMetrics, type ClusterMetricsOptions } from "./cluster-metrics.js";
export { MetricsServer, type MetricsServerOptions } from "./metrics-server.js";
