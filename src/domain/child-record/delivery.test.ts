import { describe, expect, it } from 'vitest';
import {
  attemptRecord,
  attemptSchedule,
  failureReason,
  maxAttempts,
  nextStep,
  type SendResult,
  waitAfter,
} from './delivery.ts';

const answered = (status: number, body = ''): SendResult => ({ kind: 'answered', status, body });

describe('the retry schedule', () => {
  it('waits 30 seconds after the first attempt, twice as long each time, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map(waitAfter)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });

  it('makes 31 attempts over about a day', () => {
    const at = attemptSchedule();
    expect(at).toHaveLength(maxAttempts);
    expect(at.slice(0, 9)).toEqual([0, 30, 90, 210, 450, 930, 1890, 3810, 7410]);
    // The last attempt, 24 hours 3 minutes 30 seconds after the first.
    expect(at.at(-1)).toBe(86_610);
  });
});

describe('after an attempt', () => {
  it('takes any 2xx as acknowledged', () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(nextStep(answered(status), 1)).toEqual({ kind: 'delivered' });
  });

  it('tries again after no answer, a timeout, 401, 403 (a secret not yet given), 408, 425, 429 and 5xx', () => {
    const temporary: SendResult[] = [
      { kind: 'unreachable', reason: 'ECONNREFUSED' },
      { kind: 'timed_out', afterMs: 10_000 },
      ...[401, 403, 408, 425, 429, 500, 502, 503, 504].map((s) => answered(s)),
    ];
    for (const result of temporary)
      expect(nextStep(result, 3), JSON.stringify(result)).toEqual({
        kind: 'retry',
        afterSeconds: 120,
      });
  });

  it('fails at once on any other 4xx or a redirect: the receiver refused it', () => {
    for (const status of [400, 404, 409, 410, 422, 301, 302])
      expect(nextStep(answered(status), 1)).toEqual({ kind: 'failed', because: 'refused' });
  });

  it('gives up after the last attempt', () => {
    expect(nextStep(answered(503), maxAttempts - 1).kind).toBe('retry');
    expect(nextStep(answered(503), maxAttempts)).toEqual({ kind: 'failed', because: 'gave_up' });
    expect(nextStep({ kind: 'timed_out', afterMs: 10_000 }, maxAttempts)).toEqual({
      kind: 'failed',
      because: 'gave_up',
    });
  });

  it('keeps the status and a short excerpt of what the receiver said', () => {
    expect(attemptRecord(answered(200, 'ok'))).toEqual({ status: 200, error: null });
    expect(attemptRecord(answered(422, '{"error":\n  "unknown child LCS-9"}'))).toEqual({
      status: 422,
      error: 'Answered 422: {"error": "unknown child LCS-9"}',
    });
    expect(attemptRecord(answered(500, 'x'.repeat(1000))).error).toHaveLength(
      'Answered 500: '.length + 300,
    );
    expect(attemptRecord({ kind: 'unreachable', reason: 'ECONNREFUSED' })).toEqual({
      status: null,
      error: 'Could not connect: ECONNREFUSED',
    });
    expect(attemptRecord({ kind: 'timed_out', afterMs: 10_000 })).toEqual({
      status: null,
      error: 'No answer within 10 seconds',
    });
  });

  it('keeps no control characters from the receiver, and no more than the column holds', () => {
    expect(attemptRecord(answered(400, 'no\u0000such\u0007 child\u001b[0m'))).toEqual({
      status: 400,
      error: 'Answered 400: nosuch child[0m',
    });
    const long = attemptRecord({ kind: 'unreachable', reason: 'x\u0000'.repeat(900) });
    expect(long.error).toHaveLength(500);
    expect(long.error).not.toContain('\u0000');
  });

  it('says why it failed, for the people told', () => {
    expect(failureReason(422, 1)).toBe('the case management system refused it (it answered 422)');
    expect(failureReason(503, 31)).toBe('it was sent 31 times over about a day and never taken');
    expect(failureReason(null, 31)).toBe('it was sent 31 times over about a day and never taken');
  });
});
