import { openJobCatalog, type JobCatalog } from "../compose/job-catalog.js";
import { UsageError } from "./usage-error.js";

export interface CatalogChoice {
  /** Graph JSON file, folder of snapshots, packse TOML, or index URL(s). */
  readonly indexes: readonly string[];
  readonly offline: boolean;
  /** Knowledge store file for index URLs (CliConfig.storePath). */
  readonly storePath: string;
}

export type OpenedCatalog = JobCatalog;

/** The advise job's catalog (services/coordinator/job-catalog.ts) for the CLI's other commands: its refusals are usage errors naming --index. */
export async function openCatalog(choice: CatalogChoice): Promise<OpenedCatalog> {
  const opened = await openJobCatalog(choice.indexes, choice.offline, choice.storePath);
  if (!opened.ok) throw new UsageError(`--index: ${opened.error.message}`);
  return opened.value;
}
