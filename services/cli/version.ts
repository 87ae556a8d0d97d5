/** `maat --version` (package.json's version; bin/maat prints it without loading the CLI). */
export const MAAT_VERSION = "0.1.0";
