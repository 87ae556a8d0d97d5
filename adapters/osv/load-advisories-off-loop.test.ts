import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadAdvisories } from "./load-advisories.js";
import { loadAdvisoriesOffLoop } from "./load-advisories-off-loop.js";

const here = dirname(fileURLToPath(import.meta.url));
const example = resolve(here, "../../examples/flask/advisories");
const pypa = resolve(here, "../../../shared/data/osv-pypa/vulns");

describe("loadAdvisoriesOffLoop (a thread per load)", () => {
  it("gives what loadAdvisories gives", async () => {
    const inThread = await loadAdvisoriesOffLoop(example);
    expect(inThread).toEqual(loadAdvisories(example));
    expect((await loadAdvisoriesOffLoop(resolve(example, "none"))).ok).toBe(false);
  });

  it("answers at once for a signal aborted already, and stops a load in progress within 100 ms", async () => {
    const gone = new AbortController();
    gone.abort("the client left");
    expect(await loadAdvisoriesOffLoop(example, { signal: gone.signal })).toEqual({ ok: false, error: `${example}: reading stopped: the client left` });
    const controller = new AbortController();
    const load = loadAdvisoriesOffLoop(pypa, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    controller.abort(new Error("deadline passed"));
    const stopped = await load;
    expect(performance.now() - t0).toBeLessThan(100);
    // Without ../shared the folder is missing and the load has failed already; either way no index comes back.
    expect(stopped.ok).toBe(false);
  });

  it("a load past the thread's heap limit fails naming the folder and the limit, the process lives on", async () => {
    const load = await loadAdvisoriesOffLoop(example, { heapMb: 1 });
    // 1 MB is below what V8 needs to start the thread: the limit is hit at once.
    expect(load).toEqual({ ok: false, error: `${example}: reading the advisories needs more than the 1 MB heap limit of the loading thread` });
  });
});
