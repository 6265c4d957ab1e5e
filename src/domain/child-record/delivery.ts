/**
 * Delivering a note to a webhook: what each answer means, and when to try again. A 2xx answer
 * acknowledges the note. No answer (connection refused, reset, timed out) and the answers that
 * say "later" (401 and 403 from a receiver still without a new secret, 408, 425, 429, 5xx) are
 * tried again, 30 seconds after the first attempt and then
 * twice as long each time up to an hour, for about a day; any other answer (a 4xx, a redirect)
 * is the receiver refusing the note, which trying again would not change.
 */

/** How long Oversight waits for an answer, the body included. */
export const requestTimeoutMs = 10_000;

/** The wait after the first attempt; each later wait doubles, up to `longestWaitSeconds`. */
export const firstWaitSeconds = 30;
export const longestWaitSeconds = 3_600;

/** Attempts in all: waits of 30 s doubling to 32 minutes, then hourly: the last about a day on. */
export const maxAttempts = 31;

/** The longest part of a receiver's answer kept with the delivery. */
export const excerptLength = 300;

/** The longest error kept with a delivery (the column's limit). */
export const lastErrorMaxLength = 500;

/** What came of one request. */
export type SendResult =
  | { kind: 'answered'; status: number; body: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'timed_out'; afterMs: number };

/** Seconds to wait after attempt `attempt` (1 for the first) before the next. */
export function waitAfter(attempt: number): number {
  return Math.min(firstWaitSeconds * 2 ** Math.max(0, attempt - 1), longestWaitSeconds);
}

/** When each attempt is made, in seconds after the first: [0, 30, 90, 210, …]. */
export function attemptSchedule(): number[] {
  const at = [0];
  for (let attempt = 1; attempt < maxAttempts; attempt += 1)
    at.push(at[attempt - 1]! + waitAfter(attempt));
  return at;
}

/**
 * Statuses that ask to be tried again later. 401 and 403 among them: a receiver that has not
 * yet been given a new or rotated signing secret refuses every note until it has.
 */
export function isTemporary(status: number): boolean {
  return [401, 403, 408, 425, 429].includes(status) || status >= 500;
}

export type Step =
  | { kind: 'delivered' }
  | { kind: 'retry'; afterSeconds: number }
  | { kind: 'failed'; because: 'refused' | 'gave_up' };

/** What to do after attempt number `attempt` came to `result`. */
export function nextStep(result: SendResult, attempt: number): Step {
  if (result.kind === 'answered' && result.status >= 200 && result.status < 300)
    return { kind: 'delivered' };
  if (result.kind === 'answered' && !isTemporary(result.status))
    return { kind: 'failed', because: 'refused' };
  if (attempt >= maxAttempts) return { kind: 'failed', because: 'gave_up' };
  return { kind: 'retry', afterSeconds: waitAfter(attempt) };
}

/**
 * Text from outside (a receiver's answer, an error's message) as one line fit to keep: control
 * characters (a NUL, which PostgreSQL's text refuses, among them) taken out, spaces collapsed.
 */
export function keptText(text: string, max: number): string {
  return (
    text
      .replace(/\s+/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .trim()
      .slice(0, max)
  );
}

/** A delivery's last error: kept text, cut to the column's limit. */
export const lastError = (text: string) => keptText(text, lastErrorMaxLength);

/** The attempt as the delivery keeps it: the status, and what went wrong in a line. */
export function attemptRecord(result: SendResult): { status: number | null; error: string | null } {
  switch (result.kind) {
    case 'answered': {
      if (result.status >= 200 && result.status < 300)
        return { status: result.status, error: null };
      const excerpt = keptText(result.body, excerptLength);
      return {
        status: result.status,
        error: lastError(`Answered ${result.status}${excerpt ? `: ${excerpt}` : ''}`),
      };
    }
    case 'unreachable':
      return { status: null, error: lastError(`Could not connect: ${result.reason}`) };
    case 'timed_out':
      return { status: null, error: `No answer within ${result.afterMs / 1000} seconds` };
  }
}

/** Why a delivery failed, in words for the people told: refused, or never taken. */
export function failureReason(lastStatus: number | null, attempts: number): string {
  if (lastStatus !== null && (lastStatus < 200 || lastStatus >= 300) && !isTemporary(lastStatus))
    return `the case management system refused it (it answered ${lastStatus})`;
  return `it was sent ${attempts} ${attempts === 1 ? 'time' : 'times'} over about a day and never taken`;
}
