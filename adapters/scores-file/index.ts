/** The `--scores FILE.json` reader: user scores per project and version, for core/pipeline's scoresStep. */
export { parseScores, readScoresFile, type ScoresRead } from "./read-scores-file.js";
export { jsonErrorPosition, type JsonErrorPosition } from "./json-error-position.js";
