/**
 * Sets `key` as the most recently used entry of `map` and drops the least recently used beyond
 * `size`: a Map keeps insertion order, so re-inserting moves a key to the end and the first key
 * is the least recent.
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, size: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > size) map.delete(map.keys().next().value as K);
}
