/**
 * Values that take seconds to work out, reused for a while: a value younger than `maxAgeMs` is
 * served as it is; an older one is served once more while a fresh one is worked out in the
 * background; one older than twice that is waited for. Concurrent requests share one
 * computation. `maxAgeMs` 0 computes every time (tests, and anyone who wants it live).
 */
import type { Clock } from './auth-service.ts';
import { keepRecent } from './recent-map.ts';

type Entry<T> = { value?: T; at: number; pending?: Promise<T> };

export function snapshotCache<T>({
  clock,
  maxAgeMs,
  size = 8,
}: {
  clock: Clock;
  maxAgeMs: number;
  size?: number;
}) {
  const entries = new Map<string, Entry<T>>();

  function refresh(key: string, entry: Entry<T>, compute: () => Promise<T>): Promise<T> {
    entry.pending ??= compute()
      .then((value) => {
        entry.value = value;
        entry.at = clock().getTime();
        return value;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    keepRecent(entries, key, entry, size);
    return entry.pending;
  }

  return {
    async get(key: string, compute: () => Promise<T>): Promise<T> {
      if (maxAgeMs === 0) return compute();
      const entry = entries.get(key) ?? { at: 0 };
      const age = clock().getTime() - entry.at;
      if (entry.value === undefined || age > 2 * maxAgeMs) return refresh(key, entry, compute);
      if (age > maxAgeMs) void refresh(key, entry, compute).catch(() => undefined);
      return entry.value;
    },
  };
}
