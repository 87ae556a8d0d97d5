/**
 * Tells JetStream a batch is still being worked on, every `everyMs`, so that its ack wait does not
 * expire while a long batch runs. Returns the function that stops it.
 */
export function keepWorking(working: () => void, everyMs: number): () => void {
  const timer = setInterval(() => {
    try {
      working();
    } catch {
      // Disconnected: the next tick tries again; the batch is redelivered if the wait runs out.
    }
  }, everyMs);
  return () => clearInterval(timer);
}

/** A third of the ack wait, so two reminders may get lost before the batch goes to another worker. */
export function workingInterval(ackWaitMs: number): number {
  return Math.max(100, Math.floor(ackWaitMs / 3));
}
