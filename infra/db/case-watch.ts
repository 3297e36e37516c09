/**
 * The case watch port over the store's commit signal: a waiting use case wakes when a transaction of
 * this process appends to the aggregate. Events written by another process (workers scaled apart, on a
 * cluster) are found by a re-read every `recheckMs` — the signal is the fast path, the re-read the
 * guarantee.
 */
import type { CaseWatch } from '../../domain/ports/case-watch.port.ts';
import type { StoreWithSignal } from './store.ts';

export function createCaseWatch(store: StoreWithSignal, options: { recheckMs?: number } = {}): CaseWatch {
  const recheckMs = options.recheckMs ?? 1_000;
  return {
    async eventsAfter(aggregateId, afterSeq, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        let woken = false;
        let wake: () => void = () => {};
        const listener = (id: string) => {
          if (id === aggregateId) {
            woken = true;
            wake();
          }
        };
        // listen before reading: an append that commits between the read and the wait still wakes it
        store.committed.on('appended', listener);
        try {
          const newer = (await store.read.cases.events(aggregateId)).filter((e) => e.seq > afterSeq);
          const left = deadline - performance.now();
          if (newer.length > 0 || left <= 0) return newer;
          if (!woken) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, Math.min(left, recheckMs));
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        } finally {
          store.committed.off('appended', listener);
        }
      }
    },
  };
}
