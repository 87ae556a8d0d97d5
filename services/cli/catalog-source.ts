import { openJobCatalog, type JobCatalog } from "../compose/job-catalog.js";
import { commandFailure } from "./field-flag.js";

export interface CatalogChoice {
  /** Graph JSON file, folder of snapshots, packse TOML, or index URL(s), as a validated request gives them. */
  readonly indexes: readonly string[];
  readonly offline: boolean;
  /** Knowledge store file for index URLs (MaatConfig.storePath). */
  readonly storePath: string;
}

export type OpenedCatalog = JobCatalog;

/** The advise job's catalog (services/compose/job-catalog.ts) for the CLI's other commands: a refusal names --index. */
export async function openCatalog(choice: CatalogChoice): Promise<OpenedCatalog> {
  const opened = await openJobCatalog(choice, choice.storePath);
  if (!opened.ok) throw commandFailure(opened.error);
  return opened.value;
}
