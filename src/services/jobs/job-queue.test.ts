import { describe, expect, it } from 'vitest';
import { jobQueue, leaseMs, maxAttempts, retryDelayMs } from './job-queue.ts';

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

describe('a long run', () => {
  it('gives a job claimed late in a long run its whole lease', async () => {
    const leaseEnds: number[] = [];
    let clock = 0;
    const queued = ['slow', 'slow', 'slow'];
    const repo = {
      claim: async (at: Date, lease: number) => {
        leaseEnds.push(at.getTime() + lease);
        const kind = queued.shift();
        return kind
          ? ({ id: leaseEnds.length, kind, attempts: 1, payload: {} } as never)
          : undefined;
      },
      complete: async () => true,
      retry: async () => true,
      fail: async () => true,
    };
    // Each job takes four minutes of the run.
    const slow = async () => {
      clock += 4 * 60_000;
    };
    const start = new Date('2026-07-01T09:00:00Z').getTime();
    await jobQueue(repo as never, { slow }, () => clock).runDue(new Date(start));
    expect(leaseEnds.map((end) => (end - start - leaseMs) / 60_000)).toEqual([0, 4, 8, 12]);
  });
});
