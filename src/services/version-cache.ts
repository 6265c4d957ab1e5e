/**
 * Values worked out from an organisation's data, kept while the data stays at the version they
 * were worked out from (organisation_data_version, bumped in every writing transaction), so a
 * value is never served after the rows behind it have changed. Concurrent requests for the same
 * key and version share one computation; the least recently used keys go first.
 */
import { keepRecent } from './recent-map.ts';

type Entry<T> = { version: number; value: Promise<T> };

export function versionCache<T>({ size }: { size: number }) {
  const entries = new Map<string, Entry<T>>();

  return {
    get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
      const found = entries.get(key);
      if (found && found.version === version) {
        keepRecent(entries, key, found, size);
        return found.value;
      }
      const entry: Entry<T> = { version, value: compute() };
      // A failure is not remembered: the next request tries again.
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      keepRecent(entries, key, entry, size);
      return entry.value;
    },
  };
}
