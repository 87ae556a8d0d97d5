/**
 * Recognises answers already absorbed, by message id, one set per advise: a message redelivered
 * after a slow worker's ack wait can be answered twice, and the coordinator keeps the first only.
 */
export interface DuplicateFilter {
  /** True the first time (advise, message) is seen, false afterwards. */
  firstTime(adviseId: string, messageId: number): boolean;
  /** Duplicates seen for an advise. */
  duplicates(adviseId: string): number;
  /** Forgets an advise once it is done. */
  forget(adviseId: string): void;
}

export function createDuplicateFilter(): DuplicateFilter {
  const seen = new Map<string, { ids: Set<number>; duplicates: number }>();
  return {
    firstTime(adviseId, messageId) {
      let entry = seen.get(adviseId);
      if (!entry) seen.set(adviseId, (entry = { ids: new Set(), duplicates: 0 }));
      if (entry.ids.has(messageId)) { entry.duplicates++; return false; }
      entry.ids.add(messageId);
      return true;
    },
    duplicates: (adviseId) => seen.get(adviseId)?.duplicates ?? 0,
    forget: (adviseId) => void seen.delete(adviseId),
  };
}
