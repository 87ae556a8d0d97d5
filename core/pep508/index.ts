export { normalizeName, isValidName } from "./name.js";
export type { Marker, MarkerAtom, MarkerComparison, MarkerGroup, MarkerOperand, MarkerOperator, MarkerVariableName } from "./marker.js";
export { MAX_MARKER_DEPTH, MAX_TEXT_LENGTH } from "./marker.js";
export { formatMarker } from "./marker-format.js";
export { markerExtras } from "./marker-extras.js";
export { evaluateMarker, evaluateMarkerChecked, type MarkerEvaluation, type MarkerEvaluationError } from "./marker-evaluate.js";
export { environmentFor, type Environment, type Target } from "./environment.js";
export { parseRequirement, parseMarker, formatRequirement, type Requirement } from "./requirement.js";
export { requiresPythonMatches } from "./requires-python.js";
