import type { AdviseCall } from "../../adapters/grpc/index.js";
import { parseScores } from "../../adapters/scores-file/index.js";
import { validateAdviseRequest, type AdviseRequest, type AdviseSettings, type ScoreSource } from "../../core/advise/index.js";
import { invalidArgument, type Result } from "../../core/failure/index.js";

/**
 * The advise request of an Advise call: the scores_json text parsed once, then core's one
 * validation with the coordinator's batch size and default timeout. Every refusal names the
 * request field (the server words it as the AdviseRequest field).
 */
export function requestFromCall(call: AdviseCall, settings: AdviseSettings): Result<AdviseRequest> {
  let scores: ScoreSource | undefined;
  if (call.scoresJson !== null) {
    const parsed = parseScores(call.scoresJson, "scores_json");
    // parseScores names the document first; here the field names it.
    if (!parsed.ok) return { ok: false, error: invalidArgument(parsed.error.replace(/^scores_json: /, ""), "scores") };
    scores = { table: parsed.table, source: "scores_json" };
  }
  return validateAdviseRequest(scores === undefined ? call.input : { ...call.input, scores }, settings);
}
