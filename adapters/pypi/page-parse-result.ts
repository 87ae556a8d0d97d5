import type { IndexFile } from "./index-cache.js";

/** A project page read from an index: its files, or why the page cannot be used. */
export type PageParse = { readonly ok: true; readonly files: readonly IndexFile[] } | { readonly ok: false; readonly reason: string };
