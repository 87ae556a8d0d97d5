/** True at most once every `intervalMs` (the first call always); `now` in milliseconds. */
export function createThrottle(intervalMs: number, now: () => number): () => boolean {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
