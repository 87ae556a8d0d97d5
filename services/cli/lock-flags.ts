import type { Command } from "commander";
import { lockFormatOf, readLockedPins, type LockFormat } from "../../adapters/formats/index.js";
import { UsageError } from "./usage-error.js";

/** The lock options of `resolve` and `advise` (`--lock-stack` for advise only). */
export interface LockFlags {
  readonly lock?: string;
  readonly lockStack?: string;
  readonly locked?: string;
}

/** Where a lock goes and in which format (by its name), checked before any work. */
export interface LockTarget {
  readonly path: string;
  readonly format: LockFormat;
  /** Which stack of an advise, from 1. */
  readonly stack: number;
}

/** `--lock FILE` (and `--lock-stack N`), `--locked FILE`. */
export function withLockOptions(command: Command, options: { readonly stacks: boolean }): Command {
  command
    .option("--lock <file>", "write a lock file: pylock.toml (PEP 751), requirements.txt (any .txt), Pipfile.lock, or into a notebook (.ipynb); hashes from the index")
    .option("--locked <file>", "keep the pins of a lock (pylock.toml, Pipfile.lock, a requirements file of == pins, a notebook) where they are still allowed");
  if (options.stacks) command.option("--lock-stack <n>", "which stack of the report --lock writes (default 1, the best)");
  return command;
}

/** The lock target of the flags, or null without --lock; a name that says no format is bad input (exit 2). */
export function lockTarget(flags: LockFlags): LockTarget | null {
  if (flags.lock === undefined) {
    if (flags.lockStack !== undefined) throw new UsageError("--lock-stack: give --lock FILE too");
    return null;
  }
  const format = lockFormatOf(flags.lock);
  if (!format.ok) throw new UsageError(`--lock: ${format.error}`);
  let stack = 1;
  if (flags.lockStack !== undefined) {
    if (!/^\d+$/.test(flags.lockStack) || Number(flags.lockStack) < 1) throw new UsageError(`--lock-stack: expected a whole number from 1, got ${JSON.stringify(flags.lockStack)}`);
    stack = Number(flags.lockStack);
  }
  return { path: flags.lock, format: format.value, stack };
}

/** The pins of `--locked FILE`; a file that cannot be read is bad input naming it. */
export function readLockedFlag(path: string): Readonly<Record<string, string>> {
  const pins = readLockedPins(path);
  if (!pins.ok) throw new UsageError(`--locked: ${pins.error}`);
  return pins.value;
}
