import type { Result } from "../../core/failure/index.js";
import type { IndexFile } from "./index-cache.js";

/** A project page read from an index: its files, or why the page cannot be used. */
export type PageParse = Result<readonly IndexFile[], string>;
