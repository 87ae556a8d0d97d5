export { loadAdvisories, readAdvisory, type AdvisoryIndex, type AdvisoryIssue, type AdvisoryLoad } from "./load-advisories.js";
export { ADVISORY_THREAD_HEAP_MB, loadAdvisoriesOffLoop, type OffLoopOptions } from "./load-advisories-off-loop.js";
