import { invalidArgument, type Failure } from "../failure/index.js";

/** An index URL (http or https), as opposed to a snapshot path. */
export function isIndexUrl(index: string): boolean {
  return /^https?:\/\//.test(index);
}

/** Why a request's indexes cannot be opened (none, URLs and paths mixed, several paths), or null. */
export function indexesFailure(indexes: readonly string[]): Failure | null {
  if (indexes.length === 0) return invalidArgument("give a snapshot path or an index URL", "indexes");
  const urls = indexes.filter(isIndexUrl).length;
  if (urls > 0 && urls < indexes.length) return invalidArgument("give snapshot paths or index URLs, not both", "indexes");
  if (urls === 0 && indexes.length > 1) return invalidArgument("give one snapshot path (a file or a folder)", "indexes");
  return null;
}
