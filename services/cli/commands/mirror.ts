import type { Command } from "commander";
import { UsageError } from "../usage-error.js";

/** `maat mirror serve PATH [--port N] [--host H]`: serves a snapshot as a simple index until SIGINT/SIGTERM. */
export function registerMirror(program: Command): void {
  const mirror = program.command("mirror").description("serve snapshots as a PyPI-compatible simple index");
  mirror
    .command("serve")
    .description("serve a graph JSON file, a packse TOML scenario, or a folder of them (PEP 503/691/658)")
    .argument("<path>", "snapshot file or folder")
    .option("--port <n>", "TCP port, 0 for a free one", "0")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .action(async (path: string, opts: { port: string; host: string }) => {
      if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) throw new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(opts.port)}`);
      const { MirrorServer } = await import("../../../adapters/mirror/index.js");
      const { loadSnapshot, SnapshotFormatError } = await import("../../../adapters/snapshot/index.js");
      let catalog;
      try {
        catalog = loadSnapshot(path);
      } catch (error) {
        if (error instanceof SnapshotFormatError) throw new UsageError(error.message);
        throw error;
      }
      const server = new MirrorServer(
        { catalog, projects: () => catalog.projects(), displayName: (n) => catalog.displayName(n) },
        { host: opts.host, port: Number(opts.port), warn: (m) => process.stderr.write(`maat mirror: ${m}\n`) },
      );
      let url: string;
      try {
        url = await server.start();
      } catch (error) {
        throw new UsageError(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`);
      }
      process.stdout.write(`${url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await server.stop();
    });
}
