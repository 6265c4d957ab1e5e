/**
 * Values worked out from an organisation's data, kept while the data stays at the version they
 * were worked out from (organisation_data_version, bumped in every writing transaction), so a
 * value is never served after the rows behind it have changed. Concurrent requests for the same
 * key and version share one computation; the least recently used keys go first.
 */
type Entry<T> = { version: number; value: Promise<T> };

export function versionCache<T>({ size }: { size: number }) {
  const entries = new Map<string, Entry<T>>();

  function remember(key: string, entry: Entry<T>) {
    // Map keeps insertion order: re-inserting makes the key the most recent, the first the least.
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > size) entries.delete(entries.keys().next().value as string);
  }

  return {
    get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
      const found = entries.get(key);
      if (found && found.version === version) {
        remember(key, found);
        return found.value;
      }
      const entry: Entry<T> = { version, value: compute() };
      // A failure is not remembered: the next request tries again.
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      remember(key, entry);
      return entry.value;
    },
  };
}
