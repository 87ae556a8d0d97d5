import { join } from "node:path";

/**
 * Where the knowledge store lives when the caller's configuration does not say:
 * `$XDG_CACHE_HOME/maat/knowledge.sqlite`, else `<home>/.cache/maat/knowledge.sqlite`.
 * The environment and the home directory are parameters: only a service's config reads them.
 */
export function defaultStorePath(env: { readonly XDG_CACHE_HOME?: string | undefined }, home: string): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== "" && xdg.startsWith("/") ? xdg : join(home, ".cache");
  return join(base, "maat", "knowledge.sqlite");
}
