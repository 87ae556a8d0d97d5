import type { RegisterCommand } from "../main.js";

/** One `maat` subcommand by name, its module loaded only when asked for. */
export interface CommandLoader {
  readonly name: string;
  load(): Promise<RegisterCommand>;
}

/**
 * The CLI's own subcommands (cliCommands, in help order) as loaders: services/maat.ts loads only
 * the module of the command a command line names (`maat resolve ...` never loads advise's), and
 * all of them for `maat --help` or anything else.
 */
export const cliCommandLoaders: readonly CommandLoader[] = [
  { name: "advise", load: async () => (await import("./advise.js")).registerAdvise },
  { name: "resolve", load: async () => (await import("./resolve.js")).registerResolve },
  { name: "count", load: async () => (await import("./count.js")).registerCount },
  { name: "experiment", load: async () => (await import("./experiment.js")).registerExperiment },
  { name: "mirror", load: async () => (await import("./mirror.js")).registerMirror },
  { name: "prescriptions", load: async () => (await import("./prescriptions.js")).registerPrescriptions },
  { name: "update", load: async () => (await import("./update.js")).registerUpdate },
  { name: "sample", load: async () => (await import("./sample.js")).registerSample },
];

/** The commands a command line needs: the one it names, else every one (help, a typo to suggest for). */
export async function commandsFor(argv: readonly string[], loaders: readonly CommandLoader[]): Promise<RegisterCommand[]> {
  const named = loaders.find((c) => c.name === argv[0]);
  return Promise.all((named !== undefined ? [named] : loaders).map((c) => c.load()));
}
