/**
 * CPU seconds a process has used (all its threads, user + system), read from /proc/PID/stat:
 * the scaling experiment reads it for `maat serve`, each `maat worker` and nats-server around
 * every cluster run, so that the protocol model's cores and nats-server's cost per message are
 * measured, not guessed. Linux only; elsewhere (or for a process that is gone) NaN.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticks = 0;
function ticksPerSecond(): number {
  if (ticks === 0) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8", timeout: 5_000 }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return NaN;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond();
}
