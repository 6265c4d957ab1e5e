import { describe, expect, it } from 'vitest';
import { maxAttempts, retryDelayMs } from './job-queue.ts';

describe('retrying a failed job', () => {
  it('waits 1, 2, 4, 8, 16 minutes, doubling, and never more than an hour', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt) / 60_000)).toEqual([
      1, 2, 4, 8, 16,
    ]);
    expect(retryDelayMs(7)).toBe(3_600_000);
    expect(retryDelayMs(40)).toBe(3_600_000);
  });
  it(`gives up after ${maxAttempts} attempts, about half an hour after the first`, () => {
    const waited = Array.from({ length: maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce(
      (a, b) => a + b,
    );
    expect(waited / 60_000).toBe(31);
  });
});
