export { isAffected, type Advisory, type AdvisoryAffected, type AdvisoryRange, type VersionOrder } from "./advisory.js";
