/**
 * One `maat resolve` start-up, phase by phase, in a fresh process (test/bench/startup.ts runs it):
 * what the front door loads (commander, the CLI, the resolve command), the resolve path's modules,
 * the snapshot read and parse, the knowledge store's open (index URLs only; a new empty store), the
 * first resolution (cold code) and a second one (warm). Prints one JSON object: per phase the wall
 * and CPU milliseconds.
 *
 * Usage: node dist/test/support/startup-phases.js INDEX PYTHON REQUIREMENT...
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Phase {
  readonly phase: string;
  readonly wall_ms: number;
  readonly cpu_ms: number;
}

const phases: Phase[] = [];
let lastWall = 0;
let lastCpu = 0;
function mark(phase: string): void {
  const wall = performance.now();
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1000;
  phases.push({ phase, wall_ms: wall - lastWall, cpu_ms: cpu - lastCpu });
  lastWall = wall;
  lastCpu = cpu;
}
// performance.now() counts from the process's start: the first phase is Node's own bootstrap.
mark("node bootstrap");

const [index, python, ...requirements] = process.argv.slice(2);
await import("commander");
await import("../../services/cli/main.js");
await import("../../services/compose/maat-config.js");
const { registerResolve } = await import("../../services/cli/commands/resolve.js");
void registerResolve;
mark("CLI front door (commander, main, resolve command)");
await import("../../services/cli/commands/resolve-run.js");
const { openJobCatalog } = await import("../../services/compose/job-catalog.js");
const { resolveRequest } = await import("../../core/resolution/index.js");
const { environmentFor } = await import("../../core/pep508/index.js");
mark("resolve path modules");
const opened = await openJobCatalog({ indexes: [index], offline: false }, "unused");
if (!opened.ok) throw new Error(opened.error.message);
mark("snapshot read and parse");
const dir = mkdtempSync(join(tmpdir(), "maat-startup-"));
const { openKnowledgeStore } = await import("../../adapters/store/index.js");
const store = openKnowledgeStore(join(dir, "store.sqlite"));
store.store.close();
rmSync(dir, { recursive: true, force: true });
mark("store open (index URLs only; not in a snapshot run)");
const environment = environmentFor({ python, platform: "linux" });
const first = await resolveRequest(opened.value.catalog, { requirements, environment }, { now: () => performance.now() });
if (!first.ok) throw new Error(first.error.message);
mark("first resolution (cold)");
await resolveRequest(opened.value.catalog, { requirements, environment }, { now: () => performance.now() });
mark("second resolution (warm)");
process.stdout.write(`${JSON.stringify({ phases })}\n`);
