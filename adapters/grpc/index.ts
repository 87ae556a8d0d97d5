/**
 * The public gRPC API (proto/maat/v1/adviser.proto): server with health checking and reflection,
 * client with deadlines, the AdviseRequest message <-> core's advise request (fields named both
 * ways), the one failure <-> status mapping.
 */
export { ADVISER_SERVICE, AdviserServer, DEFAULT_MAX_REQUEST_BYTES, type AdviseStream, type AdviserHandlers, type AdviserServerOptions } from "./adviser-server.js";
export { AdviserClient, type AdviserClientOptions } from "./adviser-client.js";
export type { AdviseEvent, AdviseFinal, AdviseProgress, AdviseRequestWire, AdviseState, AdviseStatus, AdviseWarning, PredictorInfo } from "./adviser-messages.js";
export { FIELD_METADATA_KEY, fromServiceError, grpcCodeOf, statusDetails, toStatus } from "./grpc-status.js";
export { requestFieldOf, wireFieldOf } from "./wire-field.js";
export { LIMITS, adviseCallFromWire, adviseRequestWire, type AdviseCall } from "./advise-request-wire.js";
export { createHealthService, type HealthService, type ServingStatus } from "./health-service.js";
export { createReflectionService } from "./reflection-service.js";
export { LOADER_OPTIONS, PROTO_FILES, loadProtos, type LoadedProtos } from "./load-protos.js";
export { UNAUTHENTICATED_DETAILS, bearerAuthorizer, type Authorizer } from "./bearer-tokens.js";
