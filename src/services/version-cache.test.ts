import { describe, expect, it } from 'vitest';
import { versionCache } from './version-cache.ts';

describe('values kept while the data behind them is unchanged', () => {
  it('works a value out once per version and again when the version moves', async () => {
    const cache = versionCache<string>({ size: 4 });
    let computed = 0;
    const compute = async () => `value ${++computed}`;
    expect(await cache.get('team-1', 7, compute)).toBe('value 1');
    expect(await cache.get('team-1', 7, compute)).toBe('value 1');
    expect(await cache.get('team-1', 8, compute)).toBe('value 2');
    expect(await cache.get('team-2', 8, compute)).toBe('value 3');
    expect(computed).toBe(3);
  });

  it('shares one computation between requests that arrive together', async () => {
    const cache = versionCache<number>({ size: 4 });
    let computed = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 5));
    const [a, b] = await Promise.all([cache.get('k', 1, slow), cache.get('k', 1, slow)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
  });

  it('forgets a failure so that the next request tries again', async () => {
    const cache = versionCache<number>({ size: 4 });
    await expect(
      cache.get('k', 1, () => Promise.reject(new Error('database gone'))),
    ).rejects.toThrow('database gone');
    expect(await cache.get('k', 1, async () => 42)).toBe(42);
  });

  it('drops the least recently used key when full', async () => {
    const cache = versionCache<string>({ size: 2 });
    let computed = 0;
    const compute = async () => `value ${++computed}`;
    await cache.get('a', 1, compute);
    await cache.get('b', 1, compute);
    await cache.get('a', 1, compute); // a is now the most recent
    await cache.get('c', 1, compute); // b goes
    expect(await cache.get('a', 1, compute)).toBe('value 1');
    expect(await cache.get('b', 1, compute)).toBe('value 4');
    expect(computed).toBe(4);
  });
});
