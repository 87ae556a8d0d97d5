/**
 * The public gRPC API (proto/maat/v1/adviser.proto): server with health checking and reflection,
 * client with deadlines, request validation naming the field, the one error -> status mapping.
 */
export { ADVISER_SERVICE, AdviserServer, DEFAULT_MAX_REQUEST_BYTES, type AdviseStream, type AdviserHandlers, type AdviserServerOptions, type HandlerOutcome } from "./adviser-server.js";
export { AdviserClient, type AdviserClientOptions } from "./adviser-client.js";
export type { AdviseEvent, AdviseFinal, AdviseProgress, AdviseRequestWire, AdviseState, AdviseStatus, AdviseWarning, PredictorInfo } from "./adviser-messages.js";
export { FIELD_METADATA_KEY, fromServiceError, grpcCodeOf, toStatus, type DomainError, type DomainErrorCode } from "./grpc-status.js";
export { LIMITS, PRERELEASE_POLICIES, RECOMMENDATIONS, validateAdviseRequest, type AdviseRequest, type PrereleasePolicyName, type Recommendation, type Validated } from "./validate-advise-request.js";
export { createHealthService, type HealthService, type ServingStatus } from "./health-service.js";
export { createReflectionService } from "./reflection-service.js";
export { LOADER_OPTIONS, PROTO_FILES, loadProtos, type LoadedProtos } from "./load-protos.js";
