export { loadAdvisories, readAdvisory, type AdvisoryIndex, type AdvisoryIssue, type AdvisoryLoad } from "./load-advisories.js";
